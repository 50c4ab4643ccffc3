// Globals the checked JavaScript relies on: the page's test hook, which the
// browser tests read inside the page (`page.evaluate`).
interface Window {
  velocityCliff: import('./page/main.js').PageHooks;
}
// The workshop views' hooks (`?play`, `?board`), for the tests and benchmarks.
interface Window {
  velocityCliffPlay: Awaited<ReturnType<typeof import('./play/play.js').startPlay>>;
  velocityCliffBoard: Awaited<ReturnType<typeof import('./board/board.js').startBoard>>;
}
