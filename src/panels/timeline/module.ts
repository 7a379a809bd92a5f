import { PanelPlugin } from '@grafana/data';
import { addAnnotationKindsOption } from '../annotationOptions';
import { withPanelErrorBoundary } from '../../components/PanelFrame';
import { testIds } from '../../testIds';
import { TimelinePanel } from './TimelinePanel';
import { defaultTimelineOptions, TimelineOptions } from './types';

// A failure while drawing stays inside the panel (see PanelErrorBoundary).
export const GuardedTimelinePanel = withPanelErrorBoundary(TimelinePanel, 'timeline panel', testIds.panelTimeline);

export const plugin = new PanelPlugin<TimelineOptions>(GuardedTimelinePanel).setPanelOptions((builder) => {
  builder
    .addNumberInput({
      path: 'maxLanes',
      name: 'Max lanes',
      description: 'Lanes beyond this number are counted but not drawn, nor ranked.',
      category: ['Lanes'],
      defaultValue: defaultTimelineOptions.maxLanes,
      settings: { min: 1, max: 100, integer: true },
    })
    .addRadio({
      path: 'metricStyle',
      name: 'Metric style',
      description: 'How metric series are drawn. Log volume and error spans are always bars.',
      category: ['Lanes'],
      defaultValue: defaultTimelineOptions.metricStyle,
      settings: {
        options: [
          { value: 'line', label: 'Line' },
          { value: 'area', label: 'Area' },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showChangeList',
      name: 'What changed first',
      description: 'List the onsets and the annotations before them, with lead times from the incident start.',
      category: ['Analysis'],
      defaultValue: defaultTimelineOptions.showChangeList,
    })
    .addBooleanSwitch({
      path: 'showAnnotations',
      name: 'Show annotations',
      description: 'Deploy, data, config and incident annotations over the lanes.',
      category: ['Annotations'],
      defaultValue: defaultTimelineOptions.showAnnotations,
    });
  addAnnotationKindsOption(builder, (options) => options.showAnnotations);
});
