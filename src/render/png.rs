//! PNG from the same SVG, without a browser (the CLI's `--format png`):
//! resvg rasterises it with the one font bundled in the repository
//! (`assets/fonts/`, a Latin subset of DejaVu Sans), never the system's, so a
//! fresh CI machine draws the same pixels as a laptop. Not in the wasm build.

use resvg::{tiny_skia, usvg};

/// The bundled font (its licence is `assets/fonts/LICENSE`).
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-subset.ttf");

/// The SVG text as a PNG of its own size in CSS pixels.
pub fn rasterise(svg: &str) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        ..usvg::Options::default()
    };
    let fonts = options.fontdb_mut();
    fonts.load_font_data(FONT.to_vec());
    fonts.set_sans_serif_family("DejaVu Sans");
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("cannot read the figure: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("cannot allocate the image")?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("cannot encode the PNG: {e}"))
}
