import { useCallback, useEffect, useRef, useState } from 'react';
import { findIncident } from '../../api/incidents';
import {
  loadLocalWorksheet,
  loadRemoteWorksheet,
  newest,
  saveLocalWorksheet,
  saveRemoteDraft,
} from '../../api/worksheets';
import { kindTagsFromJsonData } from '../../data/annotations';
import { createWorksheet, IncidentRow, Worksheet } from '../../rca';
import { AppSettings } from '../../types';

const AUTOSAVE_DELAY_MS = 2000;

export type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready' };
export type RemoteSave = { state: 'idle' | 'saving' | 'saved' | 'local-only'; message?: string };
export type UpdateWorksheet = (change: (worksheet: Worksheet) => Worksheet) => void;

interface Opened {
  load: Load;
  worksheet?: Worksheet;
  row?: IncidentRow;
  warning?: string;
}

/** The incident's worksheet: the newest of this browser's and Grafana's copies, or a new one. */
async function openIncident(id: string, settings: AppSettings | undefined, now: number): Promise<Opened> {
  const local = loadLocalWorksheet(id);
  try {
    const [incident, stored] = await Promise.all([
      findIncident(id, kindTagsFromJsonData(settings).incident, now),
      loadRemoteWorksheet(id).catch(() => undefined),
    ]);
    const best = newest(local, stored);
    if (!incident && !best) {
      return {
        load: {
          state: 'error',
          message: `Incident ${id} was not found: it may have been deleted, or its annotation lost its incident tag.`,
        },
      };
    }
    const base =
      best ??
      createWorksheet(
        {
          id,
          title: incident!.title,
          start: incident!.start,
          end: incident!.end,
          dashboardUID: incident!.dashboardUID,
          panelId: incident!.panelId,
          severity: incident!.severity,
        },
        now
      );
    // The annotation is the source of truth for the window (it may have ended since the worksheet was saved).
    const worksheet = incident
      ? { ...base, incident: { ...base.incident, start: incident.start, end: incident.end } }
      : base;
    return { load: { state: 'ready' }, worksheet, row: incident };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return local
      ? {
          load: { state: 'ready' },
          worksheet: local,
          warning: `Grafana could not be reached (${message}); showing the copy saved in this browser.`,
        }
      : { load: { state: 'error', message } };
  }
}

/**
 * What happens to a worksheet as it opens (findings a link brought are added): the changed worksheet, which the
 * autosave then stores, or undefined to open it as it is.
 */
export type WorksheetIntake = (opening: Worksheet, row?: IncidentRow) => Worksheet | undefined;

/**
 * The worksheet of one incident and its saving: opened from this browser's copy, Grafana's copy and the
 * incident annotation; every change saved in this browser at once and to Grafana (as a draft) after a pause in
 * typing. Publishing waits for the draft on its way, so a draft cannot land after the post-mortem.
 */
export function useWorksheet(
  id: string,
  settings: AppSettings | undefined,
  now: () => number,
  intakes: WorksheetIntake[] = []
) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [worksheet, setWorksheet] = useState<Worksheet>();
  const [warning, setWarning] = useState<string>();
  const [row, setRow] = useState<IncidentRow>();
  const [remote, setRemote] = useState<RemoteSave>({ state: 'idle' });
  const dirty = useRef(false);
  const draftTimer = useRef<ReturnType<typeof setTimeout>>();
  const draftInFlight = useRef<Promise<unknown>>();
  const publishing = useRef(false);
  const intakesRef = useRef(intakes);
  useEffect(() => {
    intakesRef.current = intakes;
  }, [intakes]);

  const apply = useCallback((opened: Opened) => {
    let opening = opened.worksheet;
    for (const intake of intakesRef.current) {
      const taken = opening && intake(opening, opened.row);
      if (taken && taken !== opening) {
        dirty.current = true;
        opening = taken;
      }
    }
    setRow(opened.row);
    setWorksheet(opening);
    setWarning(opened.warning);
    setLoad(opened.load);
  }, []);

  const reopen = useCallback(() => openIncident(id, settings, now()).then(apply), [id, settings, now, apply]);
  const retry = useCallback(() => {
    setLoad({ state: 'loading' });
    void reopen();
  }, [reopen]);

  useEffect(() => {
    let cancelled = false;
    openIncident(id, settings, now()).then((opened) => !cancelled && apply(opened));
    return () => {
      cancelled = true;
    };
  }, [id, settings, now, apply]);

  const update: UpdateWorksheet = useCallback(
    (change) => {
      dirty.current = true;
      setWorksheet((current) => (current ? { ...change(current), updatedAt: now() } : current));
    },
    [now]
  );

  // Autosave: this browser at once, Grafana after a pause in typing (drafts only; publishing saves the rest).
  useEffect(() => {
    if (!worksheet || !dirty.current) {
      return;
    }
    saveLocalWorksheet(worksheet);
    if (worksheet.status === 'published' || publishing.current) {
      return;
    }
    const timer = setTimeout(() => {
      draftTimer.current = undefined;
      setRemote({ state: 'saving' });
      const draft = { ...worksheet, status: 'draft' as const };
      const saving = saveRemoteDraft(draft, now())
        .then(() => {
          setRemote({ state: 'saved' });
          setWorksheet((current) => (current && current.status === 'none' ? { ...current, status: 'draft' } : current));
        })
        .catch((error) =>
          setRemote({ state: 'local-only', message: error instanceof Error ? error.message : String(error) })
        )
        .finally(() => {
          if (draftInFlight.current === saving) {
            draftInFlight.current = undefined;
          }
        });
      draftInFlight.current = saving;
    }, AUTOSAVE_DELAY_MS);
    draftTimer.current = timer;
    return () => clearTimeout(timer);
  }, [worksheet, now]);

  /** Before publishing: no draft save starts any more, and the one on its way has landed. */
  const settleDrafts = useCallback(async () => {
    publishing.current = true;
    clearTimeout(draftTimer.current);
    draftTimer.current = undefined;
    await draftInFlight.current;
  }, []);
  const publishDone = useCallback(() => {
    publishing.current = false;
  }, []);

  return { load, worksheet, row, warning, remote, update, reopen, retry, settleDrafts, publishDone };
}
