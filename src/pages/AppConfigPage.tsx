import React, { useState } from 'react';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { Alert, Button, Field, FieldSet, Icon, Stack, TagsInput, useStyles2, useTheme2 } from '@grafana/ui';
import { saveAppSettings } from '../api/appSettings';
import { KIND_ICON, KIND_LABEL, kindColor } from '../components/annotationKinds';
import { DEFAULT_KIND_TAGS, KindTags, kindTagsFromJsonData } from '../data/annotations';
import { AppSettings } from '../types';
import { testIds } from '../testIds';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

const KINDS = Object.keys(DEFAULT_KIND_TAGS) as Array<keyof KindTags>;

/** Edits which annotation tags mean which kind (deploy, data, config…); stored in the app's jsonData. */
export function AppConfigPage({ plugin }: AppConfigProps) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const [kindTags, setKindTags] = useState<KindTags>(kindTagsFromJsonData(plugin.meta.jsonData));
  const [status, setStatus] = useState<{ saving: boolean; error?: string; saved?: boolean }>({ saving: false });

  const onSave = async () => {
    setStatus({ saving: true });
    try {
      await saveAppSettings({
        enabled: plugin.meta.enabled,
        pinned: plugin.meta.pinned,
        jsonData: { ...plugin.meta.jsonData, kindTags },
      });
      setStatus({ saving: false, saved: true });
    } catch (error) {
      setStatus({
        saving: false,
        error: `Could not save the settings: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };

  return (
    <div data-testid={testIds.appConfig}>
      <FieldSet label="Annotation kinds">
        <p className={styles.help}>
          Driftline colours and groups annotations by kind, found from their tags. An annotation with several matching
          tags takes the first kind in this order.
        </p>
        {KINDS.map((kind) => (
          <Field
            key={kind}
            label={
              <span className={styles.kindLabel}>
                <Icon name={KIND_ICON[kind]} style={{ color: kindColor(theme, kind) }} /> {KIND_LABEL[kind]}
              </span>
            }
          >
            <TagsInput
              data-testid={testIds.kindTags(kind)}
              tags={kindTags[kind]}
              onChange={(tags) => setKindTags({ ...kindTags, [kind]: tags })}
              width={60}
            />
          </Field>
        ))}
        {status.error && (
          <Alert severity="error" title="Not saved">
            {status.error}
          </Alert>
        )}
        {status.saved && <Alert severity="success" title="Saved: reload dashboards to apply the new mapping" />}
        <Stack gap={1}>
          <Button onClick={onSave} disabled={status.saving} data-testid={testIds.configSave}>
            {status.saving ? 'Saving…' : 'Save settings'}
          </Button>
          <Button variant="secondary" onClick={() => setKindTags(DEFAULT_KIND_TAGS)} data-testid={testIds.configReset}>
            Reset to defaults
          </Button>
        </Stack>
      </FieldSet>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  help: css({ color: theme.colors.text.secondary, maxWidth: 700 }),
  kindLabel: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
});
