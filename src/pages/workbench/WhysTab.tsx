import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, IconButton, Input, Stack, useStyles2 } from '@grafana/ui';
import { newId, Worksheet } from '../../rca';
import { CitedChips } from './EvidenceList';
import { BlameWarnings } from './LintedText';
import { UpdateWorksheet } from './useWorksheet';
import { testIds } from '../../testIds';

/** The 5 Whys tab: a chain of whys, each answered with what the evidence shows and citing it. */
export function WhysTab({ worksheet, update }: { worksheet: Worksheet; update: UpdateWorksheet }) {
  const styles = useStyles2(getStyles);
  const setWhys = (change: (whys: Worksheet['whys']) => Worksheet['whys']) =>
    update((w) => ({ ...w, whys: change(w.whys) }));
  const move = (index: number, by: number) =>
    setWhys((whys) => {
      const next = [...whys];
      const [moved] = next.splice(index, 1);
      next.splice(index + by, 0, moved);
      return next;
    });
  return (
    <div data-testid={testIds.whys}>
      <p className={styles.help}>
        For a linear failure: ask why the symptom happened, answer with what the evidence shows, and ask why again until
        you reach a cause you can fix in the system (usually about five times).
      </p>
      {worksheet.whys.length === 0 && <p className={styles.help}>No whys yet.</p>}
      <ol className={styles.whys}>
        {worksheet.whys.map((why, index) => (
          <li key={why.id} className={styles.item} data-testid={testIds.why}>
            <Stack gap={1} wrap="wrap" alignItems="flex-start">
              <Field label={`Why ${index + 1}?`} className={styles.grow}>
                <Input
                  data-testid={testIds.whyQuestion}
                  value={why.why}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setWhys((whys) => whys.map((other) => (other.id === why.id ? { ...other, why: value } : other)));
                  }}
                />
              </Field>
              <Field label="Because" className={styles.grow}>
                <Input
                  data-testid={testIds.whyBecause}
                  value={why.because}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setWhys((whys) =>
                      whys.map((other) => (other.id === why.id ? { ...other, because: value } : other))
                    );
                  }}
                />
              </Field>
              <Stack gap={0.5}>
                <IconButton
                  name="arrow-up"
                  aria-label={`Move why ${index + 1} up`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  data-testid={testIds.whyUp}
                />
                <IconButton
                  name="arrow-down"
                  aria-label={`Move why ${index + 1} down`}
                  disabled={index === worksheet.whys.length - 1}
                  onClick={() => move(index, 1)}
                  data-testid={testIds.whyDown}
                />
                <IconButton
                  name="trash-alt"
                  aria-label={`Remove why ${index + 1}`}
                  onClick={() => setWhys((whys) => whys.filter((other) => other.id !== why.id))}
                  data-testid={testIds.whyRemove}
                />
              </Stack>
            </Stack>
            <BlameWarnings text={`${why.why}\n${why.because}`} />
            <CitedChips
              ids={why.evidenceIds}
              worksheet={worksheet}
              onRemove={(id) =>
                setWhys((whys) =>
                  whys.map((other) =>
                    other.id === why.id ? { ...other, evidenceIds: other.evidenceIds.filter((e) => e !== id) } : other
                  )
                )
              }
            />
          </li>
        ))}
      </ol>
      <Button
        icon="plus"
        variant="secondary"
        data-testid={testIds.whyAdd}
        onClick={() => {
          const previous = worksheet.whys[worksheet.whys.length - 1];
          setWhys((whys) => [
            ...whys,
            {
              id: newId('why'),
              why: previous?.because
                ? `Why ${previous.because.charAt(0).toLowerCase()}${previous.because.slice(1)}?`
                : '',
              because: '',
              evidenceIds: [],
            },
          ]);
        }}
      >
        Add why
      </Button>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  item: css({ padding: theme.spacing(1), borderBottom: `1px solid ${theme.colors.border.weak}` }),
  help: css({ color: theme.colors.text.secondary, maxWidth: 800 }),
  whys: css({ paddingLeft: theme.spacing(2) }),
  grow: css({ flex: 1, minWidth: 240, marginBottom: 0 }),
});
