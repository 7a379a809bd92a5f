import React, { useState } from 'react';
import { TimeZone } from '@grafana/schema';
import { incidentWindow } from '../../data/annotations';
import { AnnotationTimeStrip } from '../AnnotationTimeStrip';
import { useAnnotationEditor } from './AnnotationEditing';
import { AnnotationDraftRequest, PanelAnnotationTools } from './PanelAnnotationTools';
import { PanelAnnotations } from './usePanelAnnotations';

interface Props {
  annotations: PanelAnnotations;
  panelId: number;
  range: { from: number; to: number };
  width: number;
  now: number;
  timeZone?: TimeZone;
  windows?: { baseline: { from: number; to: number }; current: { from: number; to: number } };
}

/** The time strip of a distribution panel with what adding an annotation from it needs: the form and the outbox list. */
export function AnnotatableTimeStrip({ annotations, panelId, range, width, now, timeZone, windows }: Props) {
  const [draft, setDraft] = useState<AnnotationDraftRequest | undefined>();
  const { editing, editor } = useAnnotationEditor(annotations);
  return (
    <>
      <AnnotationTimeStrip
        range={range}
        width={width}
        events={annotations.events}
        now={now}
        incidentStart={incidentWindow(annotations.allEvents, range, now)?.from}
        timeZone={timeZone}
        windows={windows}
        canAnnotate={annotations.canAnnotate}
        onCapture={(time, timeEnd) => setDraft({ time, timeEnd })}
        editing={editing}
      />
      {editor}
      <PanelAnnotationTools
        annotations={annotations}
        panelId={panelId}
        timeZone={timeZone}
        draft={draft}
        onDraftChange={setDraft}
      />
    </>
  );
}
