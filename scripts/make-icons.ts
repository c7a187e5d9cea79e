/**
 * Regenerates the app icons (run: npx tsx scripts/make-icons.ts):
 * - manifest/color.png   192x192, white key on Bodø blue, fully opaque
 * - manifest/outline.png 32x32, white key on a transparent background
 * - public/icons/icon-{16,32,80}.png  Outlook ribbon icons (blue rounded square, white key)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import { ICON_PATHS, PROJECT_ROOT, RIBBON_ICON_SIZES } from './lib/manifest-build.ts';

type Rgb = readonly [number, number, number];
/** Coverage test in unit coordinates (0..1 on both axes, y pointing down). */
type Shape = (x: number, y: number) => boolean;

const BODO_BLUE: Rgb = [0x00, 0x5a, 0xa0];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SUPERSAMPLING = 8;

interface KeyGeometry {
  /** Scales stroke widths so that the key stays legible at 16 px. */
  weight: number;
}

function keyShape({ weight }: KeyGeometry): Shape {
  const ringX = 0.34;
  const ringY = 0.5;
  const outer = 0.17 + 0.02 * (weight - 1);
  const inner = Math.max(0.05, 0.075 - 0.02 * (weight - 1));
  const half = 0.045 * weight;
  const shaftStart = ringX + outer - 0.02;
  const shaftEnd = 0.8;
  const toothWidth = 0.055 * weight;
  const inRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1;
  return (x, y) => {
    const distance = Math.hypot(x - ringX, y - ringY);
    if (distance <= outer && distance >= inner) return true;
    if (inRect(x, y, shaftStart, ringY - half, shaftEnd, ringY + half)) return true;
    const teethTop = ringY + half - 0.001;
    if (inRect(x, y, shaftEnd - toothWidth, teethTop, shaftEnd, ringY + 0.16)) return true;
    return inRect(
      x,
      y,
      shaftEnd - 2.4 * toothWidth,
      teethTop,
      shaftEnd - 1.4 * toothWidth,
      ringY + 0.12,
    );
  };
}

function roundedSquare(radius: number, inset: number): Shape {
  return (x, y) => {
    const low = inset + radius;
    const high = 1 - inset - radius;
    const dx = Math.max(low - x, 0, x - high);
    const dy = Math.max(low - y, 0, y - high);
    if (x < inset || x > 1 - inset || y < inset || y > 1 - inset) return false;
    return Math.hypot(dx, dy) <= radius;
  };
}

function coverage(shape: Shape, px: number, py: number, size: number): number {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLING; sy += 1) {
    for (let sx = 0; sx < SUPERSAMPLING; sx += 1) {
      const x = (px + (sx + 0.5) / SUPERSAMPLING) / size;
      const y = (py + (sy + 0.5) / SUPERSAMPLING) / size;
      if (shape(x, y)) hits += 1;
    }
  }
  return hits / (SUPERSAMPLING * SUPERSAMPLING);
}

interface Layer {
  shape: Shape;
  color: Rgb;
}

/**
 * `background` undefined means transparent; layers are composited over it with
 * anti-aliased coverage. Colour values of fully transparent pixels are white so
 * that an outline icon contains nothing but white.
 */
function render(size: number, background: Layer | undefined, foreground: Layer): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const back = background === undefined ? 0 : coverage(background.shape, px, py, size);
      const front = coverage(foreground.shape, px, py, size);
      const alpha = background === undefined ? front : back;
      const offset = (py * size + px) * 4;
      for (let channel = 0; channel < 3; channel += 1) {
        const under = background?.color[channel] ?? 255;
        const over = foreground.color[channel] ?? 255;
        const mix = background === undefined ? over : under * (1 - front) + over * front;
        png.data[offset + channel] = alpha === 0 ? 255 : Math.round(mix);
      }
      png.data[offset + 3] = Math.round(alpha * 255);
    }
  }
  return PNG.sync.write(png);
}

function write(relativePath: string, data: Buffer): void {
  const file = join(PROJECT_ROOT, relativePath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  console.log(`wrote ${relativePath} (${data.byteLength} bytes)`);
}

const fullBleed: Shape = () => true;

write(
  ICON_PATHS.color,
  render(
    192,
    { shape: fullBleed, color: BODO_BLUE },
    { shape: keyShape({ weight: 1 }), color: WHITE },
  ),
);
write(
  ICON_PATHS.outline,
  render(32, undefined, { shape: keyShape({ weight: 1.25 }), color: WHITE }),
);

const ribbonWeights: Record<(typeof RIBBON_ICON_SIZES)[number], number> = {
  16: 1.5,
  32: 1.25,
  80: 1,
};
for (const size of RIBBON_ICON_SIZES) {
  write(
    ICON_PATHS.ribbon(size),
    render(
      size,
      { shape: roundedSquare(0.2, size <= 16 ? 0 : 0.04), color: BODO_BLUE },
      { shape: keyShape({ weight: ribbonWeights[size] }), color: WHITE },
    ),
  );
}
