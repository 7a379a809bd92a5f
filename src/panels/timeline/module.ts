import { PanelPlugin } from '@grafana/data';
import { TimelinePanel } from './TimelinePanel';
import { defaultTimelineOptions, TimelineOptions } from './types';

export const plugin = new PanelPlugin<TimelineOptions>(TimelinePanel).setPanelOptions((builder) =>
  builder
    .addNumberInput({
      path: 'maxLanes',
      name: 'Max lanes',
      description: 'Series beyond this number are counted but not drawn.',
      category: ['Lanes'],
      defaultValue: defaultTimelineOptions.maxLanes,
      settings: { min: 1, max: 100, integer: true },
    })
    .addBooleanSwitch({
      path: 'showAnnotations',
      name: 'Show annotations',
      description: 'Deploy, data, config and incident annotations over the lanes.',
      category: ['Annotations'],
      defaultValue: defaultTimelineOptions.showAnnotations,
    })
);
