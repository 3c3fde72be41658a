import type { JsonObject } from '../core/types.js';
import type { SimPerson } from './population.js';

/** A Segment call as the product would send it (JSON, the way HTTP receives it). */
export type SegmentCall = JsonObject & { timestamp: string; messageId: string };

/**
 * Builds one person's calls. A call's messageId counts the person's calls, so the same seed
 * gives the same ids and a second run stores nothing twice.
 */
export class CallBuilder {
  constructor(private readonly seed: string) {}

  private base(person: SimPerson, type: string, at: number): SegmentCall {
    person.calls += 1;
    return {
      type,
      userId: person.id,
      messageId: `sim-${this.seed}-${person.id}-${person.calls}`,
      timestamp: new Date(at).toISOString(),
    };
  }

  track(
    person: SimPerson,
    at: number,
    event: string,
    properties: JsonObject = {},
    context?: JsonObject,
  ): SegmentCall {
    const call = this.base(person, 'track', at);
    call.event = event;
    call.properties = properties;
    if (context) call.context = context;
    return call;
  }

  identify(person: SimPerson, at: number, traits: JsonObject, context?: JsonObject): SegmentCall {
    const call = this.base(person, 'identify', at);
    call.traits = traits;
    if (context) call.context = context;
    return call;
  }

  group(person: SimPerson, at: number, groupId: string, traits: JsonObject): SegmentCall {
    const call = this.base(person, 'group', at);
    call.groupId = groupId;
    call.traits = traits;
    return call;
  }

  page(person: SimPerson, at: number, name: string): SegmentCall {
    const call = this.base(person, 'page', at);
    call.name = name;
    return call;
  }
}
