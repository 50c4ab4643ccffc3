// Where the built site's fronts (the page, the iframe page, the workshop)
// find the wasm files, for `loadCore`: Vite copies them from pkg/ (the wasm
// SIMD build) and pkg-scalar/ (the build without SIMD) into assets/. The
// single-file component names its own files beside it (component/velocity-cliff.js).

/** The core module. @type {import('./wasm.js').WasmLocation} */
export const coreWasm = (simd) =>
  simd ? new URL('../../pkg/velocity_cliff_bg.wasm', import.meta.url) : new URL('../../pkg-scalar/velocity_cliff_scalar_bg.wasm', import.meta.url);

/** The module loaded on first use (`renderSvg`, the sensitivity analysis). @type {import('./wasm.js').WasmLocation} */
export const extraWasm = (simd) =>
  simd
    ? new URL('../../pkg/velocity_cliff_extra_bg.wasm', import.meta.url)
    : new URL('../../pkg-scalar/velocity_cliff_extra_scalar_bg.wasm', import.meta.url);
