/**
 * The widget's CSS. It lives in the widget's shadow root, so it applies to the widget only and
 * the product's CSS cannot reach in: no class name can clash either way. `all: initial` stops
 * inherited styles (fonts, line heights) at the boundary; custom properties still cross it, so a
 * product can set `--cairn-accent` (and the others below) on the page to match its brand.
 */
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root {
  --accent: var(--cairn-accent, #2f6feb);
  --text: var(--cairn-text, #1f2328);
  --muted: var(--cairn-muted, #656d76);
  --surface: var(--cairn-surface, #ffffff);
  --line: var(--cairn-line, #d8dee4);
  position: fixed; bottom: 20px; right: 20px; z-index: 2147483000;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text);
}
.root.left { right: auto; left: 20px; }
.launcher {
  position: relative; width: 48px; height: 48px; border-radius: 50%; border: 0; cursor: pointer;
  background: var(--accent); color: #fff; box-shadow: 0 4px 14px rgba(0, 0, 0, .2);
  display: flex; align-items: center; justify-content: center; padding: 0;
}
.launcher:focus-visible, button:focus-visible, a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.launcher svg { width: 22px; height: 22px; }
.badge {
  position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 6px;
  border-radius: 10px; background: #d1242f; color: #fff; font-size: 12px; font-weight: 600;
  line-height: 20px; text-align: center;
}
.panel {
  position: absolute; bottom: 60px; right: 0; width: 360px; max-width: calc(100vw - 40px);
  max-height: min(560px, calc(100vh - 100px)); overflow-y: auto; background: var(--surface);
  border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 12px 32px rgba(0, 0, 0, .18);
}
.root.left .panel { right: auto; left: 0; }
[hidden] { display: none !important; }
header { display: flex; align-items: center; justify-content: space-between; padding: 12px 16px; border-bottom: 1px solid var(--line); }
h2 { margin: 0; font-size: 15px; font-weight: 600; }
h3 { margin: 0 0 8px; font-size: 13px; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.icon { border: 0; background: none; cursor: pointer; color: var(--muted); font-size: 18px; line-height: 1; padding: 4px; border-radius: 6px; }
.icon:hover { color: var(--text); background: rgba(0, 0, 0, .05); }
section { padding: 12px 16px; }
section + section { border-top: 1px solid var(--line); }
.progress { display: flex; align-items: center; gap: 10px; margin-bottom: 8px; }
.bar { flex: 1; height: 8px; border-radius: 4px; background: var(--line); overflow: hidden; }
.fill { display: block; height: 100%; background: var(--accent); transition: width .3s; }
.count { font-size: 12px; color: var(--muted); white-space: nowrap; }
ol, ul { list-style: none; margin: 0; padding: 0; }
.item { display: flex; gap: 8px; padding: 5px 0; align-items: flex-start; }
.check {
  flex: none; width: 18px; height: 18px; margin-top: 1px; border-radius: 50%;
  border: 2px solid var(--line); display: inline-flex; align-items: center; justify-content: center;
  font-size: 11px; color: #fff;
}
.item.done .check { background: var(--accent); border-color: var(--accent); }
.item.done .label { color: var(--muted); text-decoration: line-through; }
.item a { color: var(--accent); text-decoration: none; }
.item a:hover { text-decoration: underline; }
.message { position: relative; padding: 10px 28px 10px 0; }
.message + .message { border-top: 1px solid var(--line); }
.message.unread .title::before {
  content: ""; display: inline-block; width: 8px; height: 8px; margin-right: 6px;
  border-radius: 50%; background: var(--accent); vertical-align: middle;
}
.title { font-weight: 600; margin-bottom: 2px; }
.body { color: var(--text); overflow-wrap: anywhere; }
.body p { margin: 4px 0; }
.body a { color: var(--accent); }
.cta {
  display: inline-block; margin-top: 6px; padding: 5px 12px; border-radius: 6px;
  background: var(--accent); color: #fff; text-decoration: none; font-weight: 500;
}
.dismiss { position: absolute; top: 6px; right: 0; }
.empty { margin: 0; color: var(--muted); }
`;
