import React, { forwardRef } from 'react';
import { useTheme2 } from '@grafana/ui';
import { CauseStatus, Fishbone, FISHBONE_CATEGORIES } from '../../rca';
import { testIds } from '../../testIds';

const WIDTH = 960;
const HEIGHT = 440;
const SPINE_Y = HEIGHT / 2;
const HEAD_X = WIDTH - 190;
const BONE_LENGTH = 170;

/** Bone roots along the spine: three above, three below. */
const ROOTS = [HEAD_X - 500, HEAD_X - 300, HEAD_X - 100];

function truncate(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The Ishikawa (fishbone) diagram: the problem at the head, a spine, and six bones angled back from it, one
 * per category, with the causes on each bone coloured by status (confirmed, ruled out, open).
 */
export const FishboneDiagram = forwardRef<SVGSVGElement, { fishbone: Fishbone }>(function FishboneDiagram(
  { fishbone },
  ref
) {
  const theme = useTheme2();
  const statusColor: Record<CauseStatus, string> = {
    confirmed: theme.colors.error.text,
    'ruled-out': theme.colors.text.disabled,
    open: theme.colors.warning.text,
  };
  const line = theme.colors.text.secondary;
  const text = theme.colors.text.primary;
  return (
    <svg
      ref={ref}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      role="img"
      aria-label={`Fishbone diagram of ${fishbone.problem || 'the problem'}`}
      data-testid={testIds.fishboneSvg}
      style={{ fontFamily: theme.typography.fontFamily, background: theme.colors.background.primary }}
    >
      <line x1={40} y1={SPINE_Y} x2={HEAD_X} y2={SPINE_Y} stroke={line} strokeWidth={3} />
      <polygon
        points={`${HEAD_X},${SPINE_Y - 40} ${HEAD_X + 170},${SPINE_Y} ${HEAD_X},${SPINE_Y + 40}`}
        fill="none"
        stroke={line}
        strokeWidth={2}
      />
      <foreignObject x={HEAD_X + 4} y={SPINE_Y - 36} width={130} height={72}>
        <div
          style={{
            color: text,
            fontSize: 12,
            fontWeight: 600,
            lineHeight: '14px',
            overflow: 'hidden',
            height: 72,
            display: 'flex',
            alignItems: 'center',
          }}
        >
          {truncate(fishbone.problem || 'Problem statement', 80)}
        </div>
      </foreignObject>
      {FISHBONE_CATEGORIES.map((category, index) => {
        const above = index % 2 === 0;
        const rootX = ROOTS[Math.floor(index / 2)];
        const endX = rootX - BONE_LENGTH * 0.6;
        const endY = above ? SPINE_Y - BONE_LENGTH : SPINE_Y + BONE_LENGTH;
        const causes = fishbone.categories[category];
        return (
          <g key={category} data-testid={testIds.fishboneBone(category)}>
            <line x1={rootX} y1={SPINE_Y} x2={endX} y2={endY} stroke={line} strokeWidth={2} />
            <text
              x={endX}
              y={above ? endY - 8 : endY + 18}
              fill={text}
              fontSize={14}
              fontWeight={600}
              textAnchor="middle"
            >
              {category}
            </text>
            {causes.slice(0, 6).map((cause, i) => {
              const t = (i + 1) / (Math.min(causes.length, 6) + 1);
              const x = rootX + (endX - rootX) * t;
              const y = SPINE_Y + (endY - SPINE_Y) * t;
              return (
                <g key={cause.id} data-status={cause.status}>
                  <line x1={x} y1={y} x2={x - 70} y2={y} stroke={statusColor[cause.status]} strokeWidth={1.5} />
                  <circle cx={x} cy={y} r={3} fill={statusColor[cause.status]} />
                  <text
                    x={x - 72}
                    y={y - 3}
                    fill={statusColor[cause.status]}
                    fontSize={11}
                    textAnchor="end"
                    textDecoration={cause.status === 'ruled-out' ? 'line-through' : undefined}
                  >
                    {truncate(cause.text)}
                  </text>
                </g>
              );
            })}
            {causes.length > 6 && (
              <text x={endX} y={above ? endY - 24 : endY + 34} fill={line} fontSize={10} textAnchor="middle">
                +{causes.length - 6} more
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
});

/** Serialises the rendered SVG and downloads it as a file. */
export function exportSvg(svg: SVGSVGElement, fileName: string): string {
  const source = new XMLSerializer().serializeToString(svg);
  downloadText(`<?xml version="1.0" encoding="UTF-8"?>\n${source}`, fileName, 'image/svg+xml');
  return source;
}

export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
