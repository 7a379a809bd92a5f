import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, Field, Icon, Input, LinkButton, Stack, useStyles2 } from '@grafana/ui';
import {
  createAlertRuleUrl,
  Detector,
  DRIFTLINE_PANELS,
  FailureMode,
  failureModeFromTemplate,
  FAILURE_TEMPLATE_IDS,
  FAILURE_TEMPLATES,
  FmeaRegister,
  newId,
  parseFmeaRegister,
  rpn,
  sortByRpn,
} from '../../rca';
import { AppSettings } from '../../types';
import { saveAppSettings } from '../../api/appSettings';
import { Draft, EMPTY_DRAFT, FailureModeForm, toDraft } from './FailureModeForm';
import { testIds } from '../../testIds';

/** The app's jsonData with the FMEA register next to the other settings. */
type FmeaSettings = AppSettings & { fmea?: unknown };

export const FMEA_STORAGE_KEY = 'driftline.fmea.v1';

function loadRegister(jsonData: FmeaSettings | undefined): FmeaRegister {
  const candidates: FmeaRegister[] = [];
  try {
    const local = window.localStorage.getItem(FMEA_STORAGE_KEY);
    if (local) {
      candidates.push(parseFmeaRegister(local));
    }
  } catch {
    // A damaged local copy: fall back to the one in Grafana.
  }
  try {
    if (jsonData?.fmea) {
      candidates.push(parseFmeaRegister(jsonData.fmea));
    }
  } catch {
    // Same for a damaged copy in the settings.
  }
  candidates.sort((a, b) => b.updatedAt - a.updatedAt);
  return candidates[0] ?? { version: 1, service: '', modes: [], updatedAt: 0 };
}

function detectorLabel(detector: Detector): string {
  if (detector.type === 'panel') {
    return DRIFTLINE_PANELS.find((panel) => panel.id === detector.panel)?.label ?? detector.panel;
  }
  return detector.type === 'alert' ? `Alert: ${detector.title}` : 'Not detected';
}

/** Risk register of a model service: failure modes scored by severity, occurrence and detection. */
export function FmeaPage({ meta }: { meta: AppPluginMeta<AppSettings> }) {
  const styles = useStyles2(getStyles);
  const [register, setRegister] = useState<FmeaRegister>(() => loadRegister(meta.jsonData as FmeaSettings));
  const [draft, setDraft] = useState<Draft | undefined>();
  const [showTemplates, setShowTemplates] = useState(false);
  const [ascending, setAscending] = useState(false);
  const [saving, setSaving] = useState<{ state: 'idle' | 'saving' | 'saved' | 'error'; message?: string }>({
    state: 'idle',
  });

  useEffect(() => {
    try {
      window.localStorage.setItem(FMEA_STORAGE_KEY, JSON.stringify(register));
    } catch {
      // Storage full or disabled; "Save to Grafana" still works.
    }
  }, [register]);

  const sorted = useMemo(() => {
    const byRpn = sortByRpn(register.modes);
    return ascending ? byRpn.reverse() : byRpn;
  }, [register.modes, ascending]);

  const change = (modes: FailureMode[]) => setRegister((current) => ({ ...current, modes, updatedAt: Date.now() }));
  const saveMode = (mode: FailureMode) => {
    const exists = register.modes.some((other) => other.id === mode.id);
    change(exists ? register.modes.map((other) => (other.id === mode.id ? mode : other)) : [...register.modes, mode]);
    setDraft(undefined);
  };

  const saveToGrafana = async () => {
    setSaving({ state: 'saving' });
    try {
      // The settings endpoint replaces jsonData as a whole: keep every other key as it is.
      await saveAppSettings({
        enabled: meta.enabled,
        pinned: meta.pinned,
        jsonData: { ...meta.jsonData, fmea: register },
      });
      setSaving({ state: 'saved' });
    } catch (error) {
      setSaving({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <PluginPage>
      <div data-testid={testIds.fmea} className={styles.page}>
        <p className={styles.lead}>
          Score how the model service can fail before it does. RPN = severity × occurrence × detection (each 1–10;
          detection 10 means nobody would notice). Fix the highest RPN first, and give each mode a panel or an alert
          that catches it.
        </p>
        <Stack gap={1} wrap="wrap">
          <Field label="Model service" className={styles.service}>
            <Input
              data-testid={testIds.fmeaService}
              value={register.service}
              placeholder="e.g. reco-model"
              onChange={(event) =>
                setRegister({ ...register, service: event.currentTarget.value, updatedAt: Date.now() })
              }
            />
          </Field>
        </Stack>
        <Stack gap={1} wrap="wrap">
          <Button icon="plus" onClick={() => setDraft(EMPTY_DRAFT())} data-testid={testIds.fmeaAdd}>
            Add failure mode
          </Button>
          <Button
            variant="secondary"
            icon="copy"
            aria-expanded={showTemplates}
            onClick={() => setShowTemplates(!showTemplates)}
            data-testid={testIds.fmeaAddTemplate}
          >
            Add from template
          </Button>
          <Button
            variant="secondary"
            icon="save"
            onClick={saveToGrafana}
            disabled={saving.state === 'saving'}
            data-testid={testIds.fmeaSave}
          >
            {saving.state === 'saving' ? 'Saving…' : 'Save to Grafana'}
          </Button>
        </Stack>
        {showTemplates && (
          <div className={styles.templates} role="group" aria-label="Failure mode templates">
            {FAILURE_TEMPLATE_IDS.map((id) => (
              <Button
                key={id}
                size="sm"
                variant="secondary"
                data-testid={testIds.fmeaTemplate(id)}
                onClick={() => {
                  change([...register.modes, failureModeFromTemplate(id, newId('fm'))]);
                  setShowTemplates(false);
                }}
              >
                {FAILURE_TEMPLATES[id].mode}
              </Button>
            ))}
          </div>
        )}
        {saving.state === 'error' && (
          <Alert severity="error" title="The register was not saved to Grafana" data-testid={testIds.fmeaSaveError}>
            {saving.message} It is kept in this browser.
          </Alert>
        )}
        {saving.state === 'saved' && <Alert severity="success" title="Saved to the app settings" />}

        {draft && (
          <FailureModeForm draft={draft} setDraft={setDraft} onSave={saveMode} onCancel={() => setDraft(undefined)} />
        )}

        {register.modes.length === 0 ? (
          <div className={styles.empty} data-testid={testIds.fmeaEmpty}>
            <Icon name="list-ol" size="xl" />
            <p>No failure modes yet. Add one, or start from a template of common AI failure modes.</p>
          </div>
        ) : (
          <table className={styles.table} data-testid={testIds.fmeaTable}>
            <thead>
              <tr>
                <th scope="col">Failure mode</th>
                <th scope="col">Effect</th>
                <th scope="col">Cause</th>
                <th scope="col" title="Severity">
                  S
                </th>
                <th scope="col" title="Occurrence">
                  O
                </th>
                <th scope="col" title="Detection">
                  D
                </th>
                <th scope="col" aria-sort={ascending ? 'ascending' : 'descending'}>
                  <button
                    type="button"
                    className={styles.sortButton}
                    onClick={() => setAscending(!ascending)}
                    data-testid={testIds.fmeaSortRpn}
                  >
                    RPN <Icon name={ascending ? 'arrow-up' : 'arrow-down'} />
                  </button>
                </th>
                <th scope="col">Detected by</th>
                <th scope="col">Actions</th>
                <th scope="col">
                  <span className={styles.hidden}>Edit</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((mode) => (
                <tr key={mode.id} data-testid={testIds.fmeaRow}>
                  <td data-testid={testIds.fmeaMode}>{mode.mode}</td>
                  <td className={styles.text}>{mode.effect}</td>
                  <td className={styles.text}>{mode.cause}</td>
                  <td>{mode.severity}</td>
                  <td>{mode.occurrence}</td>
                  <td>{mode.detection}</td>
                  <td data-testid={testIds.fmeaRpn} className={styles.rpn}>
                    {rpn(mode)}
                  </td>
                  <td>{detectorLabel(mode.detectedBy)}</td>
                  <td className={styles.text}>
                    <ul className={styles.actions}>
                      {mode.actions
                        .split('\n')
                        .filter((line) => line.trim())
                        .map((line, index) => (
                          <li key={index}>{line}</li>
                        ))}
                    </ul>
                  </td>
                  <td>
                    <Stack gap={0.5} direction="column">
                      <Button
                        size="sm"
                        variant="secondary"
                        icon="pen"
                        onClick={() => setDraft(toDraft(mode))}
                        data-testid={testIds.fmeaEdit}
                      >
                        Edit
                      </Button>
                      <LinkButton
                        size="sm"
                        variant="secondary"
                        icon="bell"
                        href={createAlertRuleUrl(mode)}
                        data-testid={testIds.fmeaAlertLink}
                      >
                        Create alert rule
                      </LinkButton>
                      <Button
                        size="sm"
                        variant="destructive"
                        fill="text"
                        icon="trash-alt"
                        aria-label={`Remove ${mode.mode}`}
                        onClick={() => change(register.modes.filter((other) => other.id !== mode.id))}
                        data-testid={testIds.fmeaRemove}
                      >
                        Remove
                      </Button>
                    </Stack>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  lead: css({ color: theme.colors.text.secondary, maxWidth: 900, margin: 0 }),
  service: css({ marginBottom: 0, minWidth: 280 }),
  templates: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) }),
  empty: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    padding: theme.spacing(4),
    color: theme.colors.text.secondary,
  }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  text: css({ maxWidth: 260, fontSize: theme.typography.bodySmall.fontSize }),
  rpn: css({ fontWeight: theme.typography.fontWeightBold }),
  actions: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  sortButton: css({
    background: 'none',
    border: 'none',
    color: 'inherit',
    font: 'inherit',
    cursor: 'pointer',
    padding: 0,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  hidden: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }),
});
