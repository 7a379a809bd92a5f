import { PanelOptionsEditorBuilder } from '@grafana/data';
import { KIND_LABEL } from '../components/annotationKinds';
import { ANNOTATION_KINDS, AnnotationKind } from '../data/annotations';

export interface AnnotationDisplayOptions {
  /** The kinds drawn on the panel; a panel saved before this option existed shows every kind. */
  annotationKinds?: AnnotationKind[];
}

export const defaultAnnotationDisplayOptions: Required<AnnotationDisplayOptions> = {
  annotationKinds: [...ANNOTATION_KINDS],
};

/** Which kinds of annotation a panel draws, under the "Annotations" category; saved with the dashboard. */
export function addAnnotationKindsOption<T extends AnnotationDisplayOptions>(
  builder: PanelOptionsEditorBuilder<T>,
  showIf?: (options: T) => boolean
): PanelOptionsEditorBuilder<T> {
  return builder.addMultiSelect({
    path: 'annotationKinds',
    name: 'Annotation kinds shown',
    description:
      'Hide the kinds you do not need here. Hiding incidents keeps them as the default current window; annotations not yet saved are always listed.',
    category: ['Annotations'],
    defaultValue: defaultAnnotationDisplayOptions.annotationKinds,
    settings: { options: ANNOTATION_KINDS.map((kind) => ({ value: kind, label: KIND_LABEL[kind] })) },
    showIf,
  } as Parameters<PanelOptionsEditorBuilder<T>['addMultiSelect']>[0]);
}
