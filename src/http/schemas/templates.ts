/** The body and answer of a template preview (routes/templates.ts). */
export const PREVIEW_REQUEST = {
  type: 'object',
  additionalProperties: false,
  properties: {
    userId: {
      type: 'string',
      description: "userId, profile id or anonymousId: render with this user's data",
    },
    data: {
      type: 'object',
      description:
        'Variables merged over the user or sample data (objects key by key), e.g. `{"event":{"properties":{"name":"Website redesign"}}}`',
    },
    kind: {
      enum: ['email', 'inapp', 'text'],
      description:
        'Which template when an id has several kinds; default email, then inapp, then text',
    },
  },
};

export const PREVIEW = {
  type: 'object',
  required: ['kind', 'templateId', 'file', 'persona', 'category', 'topic', 'user', 'context'],
  properties: {
    kind: { enum: ['email', 'inapp', 'text'] },
    templateId: { type: 'string' },
    file: {
      type: 'string',
      description: 'The file rendered: the persona variant, if one applied',
    },
    persona: { type: ['string', 'null'] },
    category: { enum: ['marketing', 'transactional'] },
    topic: { type: ['string', 'null'] },
    subject: { type: 'string', description: 'email' },
    preheader: { type: 'string', description: 'email' },
    html: { type: 'string', description: 'email: the whole HTML part' },
    text: { type: 'string', description: 'email: the plain-text part; text templates: the text' },
    title: { type: 'string', description: 'inapp' },
    body: { type: 'string', description: 'inapp: an HTML fragment' },
    cta: {
      type: ['object', 'null'],
      description: 'inapp',
      properties: { label: { type: 'string' }, url: { type: 'string' } },
    },
    format: { enum: ['plain', 'slack'], description: 'text' },
    user: { type: ['string', 'null'], description: 'The profile id, or null for sample data' },
    context: { type: 'object', description: 'The variables it was rendered with' },
    eventSource: {
      type: ['object', 'null'],
      description:
        'With a user: where `event` came from (`from`: message, run or log, with its `id`, `journeyId` and the product `event` it quotes, null when the trigger has none), or `from: none` with the `reason`; null for sample data',
      properties: {
        from: { enum: ['message', 'run', 'log', 'none'] },
        id: { type: 'string' },
        journeyId: { type: ['string', 'null'] },
        event: { type: ['string', 'null'] },
        reason: { type: 'string' },
      },
    },
  },
};
