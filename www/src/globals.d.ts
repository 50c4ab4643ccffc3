// Globals the checked JavaScript relies on: the page's test hook, which the
// browser tests read inside the page (`page.evaluate`).
interface Window {
  velocityCliff: import('./page/main.js').PageHooks;
}
