#!/usr/bin/python3
"""Variant OCR-B faces for training, made from Debian's OCR-B with FontForge's scripting.

Real MRZs are set in OCR-B from different font vendors and printed with more or less ink
spread. Each variant keeps the family name "OCR B" and goes in a folder of its own, so
text2image (--font "OCR B" --fonts_dir DIR) picks it exactly as it picks the original.

  /usr/bin/python3 models/tools/mrz_fonts.py --font OCRB.otf --out DIR
    -> DIR/<variant>/OCRB.otf for every variant below

Needs python3-fontforge (Debian), only for retraining: CI never runs this.
"""
import argparse
import os

import fontforge
import psMat

# name -> (stem weight change in font units of a 1000-unit em, horizontal scale, rounding radius)
VARIANTS = {
    "bold": (28, 1.0, 0),        # ink spread, heavy laser toner, engraving
    "light": (-12, 1.0, 0),      # thin inkjet / starved ribbon
    "condensed": (0, 0.9, 0),    # narrower glyphs on the same pitch grid
    "expanded": (6, 1.08, 0),    # wider glyphs, slightly heavier
    "rounded": (0, 1.0, 9),      # dye-sublimation / ink spread: round pen, corners rounded
    "boldcondensed": (20, 0.93, 0),
}


def make_variant(src, out_path, weight, xscale, radius):
    font = fontforge.open(src)
    font.selection.all()
    if xscale != 1.0:
        # Scale outlines about each glyph's centre and keep the advance (the MRZ pitch is fixed
        # by the printer, the glyph width is the vendor's).
        for glyph in font.glyphs():
            width = glyph.width
            if width == 0:
                continue
            glyph.transform(psMat.compose(psMat.translate(-width / 2, 0),
                                          psMat.compose(psMat.scale(xscale, 1.0),
                                                        psMat.translate(width / 2, 0))))
            glyph.width = width
    scale = font.em / 1000.0
    if radius:
        # A round pen of twice the radius along the outline: strokes a little heavier, every
        # convex corner rounded. (Thinning first with changeWeight broke glyphs such as C.)
        for glyph in font.glyphs():
            if glyph.foreground.isEmpty():
                continue
            glyph.stroke("circular", 2 * radius * scale, "round", "round", "removeinternal")
            glyph.removeOverlap()
    if weight:
        font.changeWeight(weight * scale, "LCG", 0, 0, "auto")
    for glyph in font.glyphs():
        glyph.correctDirection()
    font.generate(out_path)
    font.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", default="/usr/share/fonts/opentype/ocr-b/OCRB.otf")
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", nargs="*", help="variant names (default: all)")
    args = parser.parse_args()
    for name, (weight, xscale, radius) in VARIANTS.items():
        if args.only and name not in args.only:
            continue
        folder = os.path.join(args.out, name)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "OCRB.otf")
        if os.path.exists(path):
            continue
        make_variant(args.font, path, weight, xscale, radius)
        print(name, path)


if __name__ == "__main__":
    main()
