import { formatHundredthsVi } from './format';
import type { BandsReport, CriteriaAttainment } from './schemas';

/**
 * Bar charts as SVG text, built by hand (no chart package): attainment per criterion, and communes
 * per band. Pure string output; the caller writes the file.
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const vnDate = (iso: string) => iso.split('-').reverse().join('/');

interface Bar {
  label: string;
  /** 0..max */
  value: number;
  valueText: string;
  tooltip: string;
}

function barChart(title: string, subtitle: string, bars: readonly Bar[], max: number, axisTicks: readonly { value: number; text: string }[]): string {
  const left = 56;
  const top = 70;
  const plotH = 300;
  const step = 46;
  const barW = 30;
  const width = left + Math.max(1, bars.length) * step + 24;
  const height = top + plotH + 56;
  const y = (v: number) => top + plotH - (max > 0 ? (v / max) * plotH : 0);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, 'Noto Sans', sans-serif">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${width / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${esc(title)}</text>`);
  out.push(`<text x="${width / 2}" y="48" text-anchor="middle" font-size="12" fill="#444">${esc(subtitle)}</text>`);
  for (const t of axisTicks) {
    const ty = y(t.value);
    out.push(`<line x1="${left}" y1="${ty}" x2="${width - 16}" y2="${ty}" stroke="#dddddd"/>`);
    out.push(`<text x="${left - 6}" y="${ty + 4}" text-anchor="end" font-size="11" fill="#444">${esc(t.text)}</text>`);
  }
  out.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333"/>`);
  out.push(`<line x1="${left}" y1="${top + plotH}" x2="${width - 16}" y2="${top + plotH}" stroke="#333"/>`);
  bars.forEach((b, i) => {
    const x = left + i * step + (step - barW) / 2;
    const by = y(b.value);
    const h = top + plotH - by;
    out.push(
      `<g class="bar" data-label="${esc(b.label)}" data-value="${b.value}"><title>${esc(b.tooltip)}</title>` +
        `<rect x="${x}" y="${by}" width="${barW}" height="${h}" fill="#2e7d32"/>` +
        `<text x="${x + barW / 2}" y="${by - 4}" text-anchor="middle" font-size="9">${esc(b.valueText)}</text>` +
        `<text x="${x + barW / 2}" y="${top + plotH + 16}" text-anchor="middle" font-size="11">${esc(b.label)}</text></g>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Percentage of communes meeting each criterion ("TC2" … with "47,82%" above the bar). */
export function renderAttainmentSvg(report: CriteriaAttainment): string {
  const bars = report.rows.map((r) => ({
    label: `TC${r.code}`,
    value: Math.round(r.percent * 100),
    valueText: `${formatHundredthsVi(Math.round(r.percent * 100))}%`,
    tooltip: `${r.code}. ${r.nameVi}: ${r.textVi}`,
  }));
  return barChart(
    `Tỷ lệ xã đạt từng tiêu chí — ${report.scope.name}`,
    `Đến ngày ${vnDate(report.asOf)} · ${report.units} xã · bộ tiêu chí ${report.setId}`,
    bars,
    10000,
    [0, 25, 50, 75, 100].map((p) => ({ value: p * 100, text: `${p}%` })),
  );
}

/** Communes per band (all criteria, 15-18, 10-14, 5-9, below 5). */
export function renderBandsSvg(report: BandsReport): string {
  const max = Math.max(1, ...report.bands.map((b) => b.count));
  const tickStep = Math.max(1, Math.ceil(max / 5));
  const ticks = Array.from({ length: Math.ceil(max / tickStep) + 1 }, (_, i) => ({ value: i * tickStep, text: String(i * tickStep) }));
  const bars = report.bands.map((b) => ({
    label: b.id === 'all' ? `${b.max}` : b.id === 'below-5' ? '<5' : b.id,
    value: b.count,
    valueText: String(b.count),
    tooltip: `${b.labelVi}: ${b.textVi}`,
  }));
  return barChart(
    `Số xã theo số tiêu chí đạt — ${report.scope.name}`,
    `Đến ngày ${vnDate(report.asOf)} · ${report.units} xã · bình quân ${report.averageVi} tiêu chí/xã`,
    bars,
    ticks.at(-1)!.value,
    ticks,
  );
}
