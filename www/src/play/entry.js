// The workshop views, loaded only when the address asks for one: `?play`
// (a team's phone) or `?board` (the facilitator's projector). They replace
// the explorer's content with their own, keep its theme, and work offline
// once the page has been loaded (the service worker caches every built file).
import './workshop.css';
import { setupTheme } from '../page/theme.js';
import { el } from './draw.js';

/**
 * @param {'play' | 'board'} kind
 */
export async function startWorkshop(kind) {
  const theme = el('button', { type: 'button', class: 'wk-theme' });
  const header = el(
    'header',
    { class: 'wk-header' },
    el('h1', { text: kind === 'play' ? 'velocity-cliff · play' : 'velocity-cliff · board' }),
    el('p', { class: 'tagline', text: kind === 'play' ? 'Steer a startup round by round.' : 'The whole room, re-run from every team’s decisions.' }),
    theme,
  );
  const main = el('main', { class: 'wk-main', id: 'main' });
  document.title = kind === 'play' ? 'velocity-cliff · play' : 'velocity-cliff · board';
  document.body.replaceChildren(header, main, el('footer', {}, el('p', { class: 'hint', text: 'Everything runs in this browser; nothing leaves it.' })));
  document.body.classList.add('wk', `wk-${kind}`);
  setupTheme(theme, () => {});
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((err) => console.warn('offline copy unavailable:', err));
  }
  try {
    if (kind === 'play') await (await import('./play.js')).startPlay(main);
    else await (await import('../board/board.js')).startBoard(main);
  } catch (err) {
    console.error(err);
    main.append(el('p', { class: 'wk-error', role: 'alert', text: `error: ${err instanceof Error ? err.message : err}` }));
  }
}
