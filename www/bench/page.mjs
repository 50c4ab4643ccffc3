// What the page benchmarks share: the nearest-rank quantile, and the two
// gestures a user makes in the page — a new seed typed key by key and the
// threshold slider dragged — each timed from its last input to the status
// reading `ready` and to the first paint of the last input's job, and
// whether that job was judged again from the runs the workers hold rather
// than simulated (a threshold dragged after a job that holds its runs).

/** The q-quantile (nearest rank) of xs. */
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

/**
 * Records, in the page, when each input event reaches `selector` and when the
 * status next reads `ready` after the last of them.
 */
async function watchInputs(page, selector) {
  await page.evaluate((sel) => {
    const w = { inputs: [], ready: null };
    window.benchWatch = w;
    const el = document.querySelector(sel);
    if (!window.benchWatchInstalled) {
      window.benchWatchInstalled = new Set();
      const status = document.querySelector('[data-testid=status]');
      new MutationObserver(() => {
        const cur = window.benchWatch;
        if (cur && status.textContent === 'ready' && cur.inputs.length) cur.ready = performance.now();
      }).observe(status, { childList: true, characterData: true, subtree: true });
    }
    if (!window.benchWatchInstalled.has(sel)) {
      window.benchWatchInstalled.add(sel);
      el.addEventListener('input', () => {
        window.benchWatch.inputs.push(performance.now());
        window.benchWatch.ready = null;
      });
    }
  }, selector);
}

/** After a gesture: the time from its last input to `ready`, and to the first paint of the last job. */
async function gestureDone(page) {
  await page.waitForFunction(() => window.benchWatch.ready !== null && window.velocityCliff.timings[window.velocityCliff.generation]?.full != null, null, { timeout: 300_000 });
  return page.evaluate(() => {
    const w = window.benchWatch;
    const last = w.inputs.at(-1);
    const t = window.velocityCliff.timings[window.velocityCliff.generation];
    // `rejudged`: the last job was judged again from the runs the workers hold (a threshold or window changed), not simulated.
    return { inputs: w.inputs.length, ready: w.ready - last, firstPaint: (t.estimate ?? t.full) - last, span: last - w.inputs[0], rejudged: t.rejudged === true };
  });
}

/** Types a new seed into the seed field key by key, as a user does, and waits for `ready`. */
export async function typeSeed(page, seed) {
  await watchInputs(page, '#seed');
  const field = page.locator('#seed');
  await field.click({ clickCount: 3 });
  await page.keyboard.press('Backspace');
  await page.keyboard.type(seed, { delay: 60 });
  return gestureDone(page);
}

/** Drags the threshold slider across `steps` positions (a burst of input events) and waits for `ready`. */
export async function dragSlider(page, from, to, steps) {
  await watchInputs(page, '#threshold-range');
  const slider = page.locator('#threshold-range');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  const x = (f) => box.x + 8 + f * (box.width - 16);
  await page.mouse.move(x(from), y);
  await page.mouse.down();
  await page.mouse.move(x(to), y, { steps });
  await page.mouse.up();
  return gestureDone(page);
}
