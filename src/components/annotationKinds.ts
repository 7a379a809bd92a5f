import { GrafanaTheme2, IconName } from '@grafana/data';
import { AnnotationKind } from '../data/annotations';

/** One icon and one colour per kind, used the same way on every panel and page. */
export const KIND_ICON: Record<AnnotationKind, IconName> = {
  deploy: 'rocket',
  model: 'brain',
  data: 'database',
  config: 'cog',
  incident: 'exclamation-triangle',
  mitigation: 'shield',
  business: 'dollar-alt',
  other: 'comment-alt',
};

const KIND_COLOR_NAME: Record<AnnotationKind, string> = {
  deploy: 'blue',
  model: 'purple',
  data: 'orange',
  config: 'yellow',
  incident: 'red',
  mitigation: 'green',
  business: 'super-light-blue',
  other: 'text',
};

export const KIND_LABEL: Record<AnnotationKind, string> = {
  deploy: 'Deploy',
  model: 'Model',
  data: 'Data change',
  config: 'Config',
  incident: 'Incident',
  mitigation: 'Mitigation',
  business: 'Business',
  other: 'Note',
};

export function kindColor(theme: GrafanaTheme2, kind: AnnotationKind): string {
  const name = KIND_COLOR_NAME[kind];
  return name === 'text' ? theme.colors.text.secondary : theme.visualization.getColorByName(name);
}
