import { PanelOptionsEditorBuilder, PanelPlugin, standardEditorsRegistry } from '@grafana/data';
import { ANNOTATION_KINDS } from '../data/annotations';
import { plugin as driftPlugin } from './drift/module';
import { plugin as predictionsPlugin } from './predictions/module';
import { plugin as timelinePlugin } from './timeline/module';

// Grafana registers its option editors at start-up; the builder only needs their ids here.
const EDITOR_IDS = ['radio', 'text', 'number', 'boolean', 'select', 'multi-select', 'slider', 'field-name', 'color'];
standardEditorsRegistry.setInit(() => EDITOR_IDS.map((id) => ({ id, name: id, editor: () => null })));

/** The option items a panel's editor shows, built by Grafana's own options builder. */
function optionItems<T extends object>(plugin: PanelPlugin<T>) {
  const builder = new PanelOptionsEditorBuilder<T>();
  plugin.getPanelOptionsSupplier()(builder, { data: [] });
  return builder.getItems();
}

describe.each([
  ['drift', driftPlugin as PanelPlugin<object>],
  ['predictions', predictionsPlugin as PanelPlugin<object>],
  ['timeline', timelinePlugin as PanelPlugin<object>],
])('the %s panel', (_name, plugin) => {
  it('offers "Annotation kinds shown" with every kind, all shown by default', () => {
    const item = optionItems(plugin).find((option) => option.path === 'annotationKinds');
    expect(item?.name).toBe('Annotation kinds shown');
    expect(item?.defaultValue).toEqual(ANNOTATION_KINDS);
    const choices = (item?.settings as { options: Array<{ value: string }> }).options;
    expect(choices.map((option) => option.value)).toEqual(ANNOTATION_KINDS);
  });
});
