import { WIDGET_CSS } from './widget-styles.js';

/**
 * The in-app widget, served at /widget.js. A product includes it on its pages:
 *
 *   <script src="https://cairn.example.com/widget.js" data-user="u_42" data-user-hash="…" async></script>
 *
 * It adds a button with the unread count; the panel behind it shows the onboarding checklist with
 * its progress bar and the inbox (opening the panel marks the messages in it read; each can be
 * dismissed). Plain DOM and no dependency, in a shadow root so that no CSS leaks either way; it
 * calls the in-app API next to itself with the user id and hash in the query string, which keeps
 * every request a CORS "simple request" (no preflight). `window.Cairn` has refresh(), open() and
 * close() for the product (e.g. refresh() right after a sign-in). Written as ES2017 for every
 * current browser, and kept as text: it runs in the product's page, not in Node.
 *
 * Options (data-*): user, user-hash (required), position (`left`; default right), title,
 * checklist-title.
 */
const SOURCE = String.raw`
(function (css) {
  'use strict';
  var script = document.currentScript;
  if (!script || window.Cairn) return; // included twice: the first one stays
  var userId = script.getAttribute('data-user');
  var userHash = script.getAttribute('data-user-hash');
  if (!userId || !userHash) {
    console.warn('Cairn widget: data-user and data-user-hash are required');
    return;
  }
  // The API sits next to this script, also behind a path prefix (https://x.example/cairn/).
  var root = new URL('.', script.src);
  var titleText = script.getAttribute('data-title') || 'Messages';
  var checklistTitle = script.getAttribute('data-checklist-title') || 'Get started';
  var REFRESH_MS = 60000;
  var state = { messages: [], unread: 0, checklist: null, open: false };

  function api(path, method) {
    var url = new URL('v1/inapp/' + path, root);
    url.searchParams.set('userId', userId);
    url.searchParams.set('userHash', userHash);
    // No custom header and no body: simple requests, so no CORS preflight.
    return fetch(url.toString(), { method: method || 'GET', credentials: 'omit' }).then(
      function (response) {
        if (!response.ok) throw new Error('Cairn: ' + response.status + ' on ' + path);
        return response.json();
      },
    );
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var host = el('div');
  host.setAttribute('data-cairn-widget', '');
  var shadow = host.attachShadow({ mode: 'open' });
  var style = el('style');
  style.textContent = css;
  var box = el('div', 'root' + (script.getAttribute('data-position') === 'left' ? ' left' : ''));
  var launcher = el('button', 'launcher');
  launcher.type = 'button';
  launcher.setAttribute('aria-haspopup', 'dialog');
  launcher.setAttribute('aria-expanded', 'false');
  launcher.innerHTML =
    '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" ' +
    'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M18 8a6 6 0 0 ' +
    '0-12 0c0 7-3 9-3 9h18s-3-2-3-9"/><path d="M13.73 21a2 2 0 0 1-3.46 0"/></svg>';
  var badge = el('span', 'badge');
  badge.hidden = true;
  launcher.appendChild(badge);

  var panel = el('div', 'panel');
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', titleText);
  var header = el('header');
  var close = el('button', 'icon close', '\u00d7');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close');
  header.appendChild(el('h2', '', titleText));
  header.appendChild(close);

  var checklistSection = el('section', 'checklist');
  checklistSection.hidden = true;
  var fill = el('span', 'fill');
  var bar = el('div', 'bar');
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  bar.appendChild(fill);
  var count = el('span', 'count');
  var progress = el('div', 'progress');
  progress.appendChild(bar);
  progress.appendChild(count);
  var items = el('ol', 'items');
  checklistSection.appendChild(el('h3', '', checklistTitle));
  checklistSection.appendChild(progress);
  checklistSection.appendChild(items);

  var inboxSection = el('section', 'inbox');
  var list = el('ul', 'messages');
  var empty = el('p', 'empty', 'No messages yet.');
  inboxSection.appendChild(list);
  inboxSection.appendChild(empty);

  panel.appendChild(header);
  panel.appendChild(checklistSection);
  panel.appendChild(inboxSection);
  box.appendChild(panel);
  box.appendChild(launcher);
  shadow.appendChild(style);
  shadow.appendChild(box);

  function renderBadge() {
    badge.hidden = state.unread === 0;
    badge.textContent = state.unread > 99 ? '99+' : String(state.unread);
    launcher.setAttribute(
      'aria-label',
      titleText + (state.unread ? ', ' + state.unread + ' unread' : ''),
    );
  }

  function renderMessages() {
    list.textContent = '';
    empty.hidden = state.messages.length > 0;
    state.messages.forEach(function (message) {
      var item = el('li', 'message' + (message.read ? '' : ' unread'));
      item.setAttribute('data-id', message.id);
      item.appendChild(el('div', 'title', message.title));
      var body = el('div', 'body');
      // Rendered by Cairn from the workspace's template, every variable HTML-escaped.
      body.innerHTML = message.body;
      item.appendChild(body);
      if (message.cta) {
        var cta = el('a', 'cta', message.cta.label);
        cta.href = message.cta.url;
        item.appendChild(cta);
      }
      var dismiss = el('button', 'icon dismiss', '\u00d7');
      dismiss.type = 'button';
      dismiss.setAttribute('aria-label', 'Dismiss');
      dismiss.addEventListener('click', function () {
        api('messages/' + encodeURIComponent(message.id) + '/dismiss', 'POST')
          .then(function (answer) {
            state.messages = state.messages.filter(function (m) {
              return m.id !== message.id;
            });
            state.unread = answer.unread;
            renderMessages();
            renderBadge();
          })
          .catch(report);
      });
      item.appendChild(dismiss);
      list.appendChild(item);
    });
  }

  function renderChecklist() {
    var checklist = state.checklist;
    checklistSection.hidden = !checklist || checklist.items.length === 0;
    if (checklistSection.hidden) return;
    var p = checklist.progress;
    fill.style.width = p.percent + '%';
    bar.setAttribute('aria-valuenow', String(p.percent));
    count.textContent = p.done + ' of ' + p.total + ' done';
    items.textContent = '';
    checklist.items.forEach(function (entry) {
      var item = el('li', 'item' + (entry.done ? ' done' : ''));
      item.setAttribute('data-milestone', entry.milestone);
      var check = el('span', 'check', entry.done ? '\u2713' : '');
      check.setAttribute('aria-hidden', 'true');
      item.appendChild(check);
      var label;
      if (entry.link && !entry.done) {
        label = el('a', 'label', entry.label);
        label.href = entry.link;
      } else label = el('span', 'label', entry.label);
      if (entry.description) label.title = entry.description;
      item.appendChild(label);
      items.appendChild(item);
    });
  }

  function report(error) {
    console.warn(error && error.message ? error.message : error);
  }

  function refresh() {
    return api('messages?limit=20')
      .then(function (answer) {
        state.messages = answer.items;
        state.unread = answer.unread;
        renderBadge();
        renderMessages();
        // Opening the panel shows every message in it: they are read.
        if (state.open) markShownRead();
      })
      .catch(report);
  }

  function loadChecklist() {
    return api('checklist')
      .then(function (answer) {
        state.checklist = answer;
        renderChecklist();
      })
      .catch(report);
  }

  function markShownRead() {
    state.messages.forEach(function (message) {
      if (message.read) return;
      message.read = true;
      api('messages/' + encodeURIComponent(message.id) + '/read', 'POST')
        .then(function (answer) {
          state.unread = answer.unread;
          renderBadge();
        })
        .catch(report);
    });
  }

  function open() {
    state.open = true;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    return Promise.all([refresh(), loadChecklist()]);
  }

  function hide() {
    state.open = false;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    renderMessages(); // the unread dots go: they were seen
  }

  launcher.addEventListener('click', function () {
    if (state.open) hide();
    else open();
  });
  close.addEventListener('click', function () {
    hide();
    launcher.focus();
  });
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      hide();
      launcher.focus();
    }
  });
  // New messages (a tip waiting for this login) show up without a reload.
  setInterval(function () {
    if (document.visibilityState === 'visible') refresh();
  }, REFRESH_MS);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') refresh();
  });

  function mount() {
    document.body.appendChild(host);
    refresh();
    loadChecklist();
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  window.Cairn = { refresh: refresh, open: open, close: hide };
})`;

/** The script, with its CSS passed in. */
export const WIDGET_SCRIPT = `${SOURCE.trim()}(${JSON.stringify(WIDGET_CSS)});\n`;
