import React, { useContext, useMemo } from 'react';
import { AnnotationOutbox, getDefaultOutbox } from '../../api/outbox';
import { canAnnotate } from '../../api/permissions';
import { DEFAULT_KIND_TAGS, KindTags } from '../../data/annotations';

export interface AnnotationWriting {
  outbox: AnnotationOutbox;
  /** Grafana's `annotations:create` for the signed-in user; viewers get no add controls. */
  canAnnotate: boolean;
  kindTags: KindTags;
}

const AnnotationWriteContext = React.createContext<AnnotationWriting | undefined>(undefined);

/**
 * Inside Grafana the panels write through the shared outbox to Grafana's own API with the user's
 * permissions; a host such as the playground provides its own outbox (another transport) instead.
 */
export function AnnotationWriteProvider({ value, children }: { value: AnnotationWriting; children: React.ReactNode }) {
  return <AnnotationWriteContext.Provider value={value}>{children}</AnnotationWriteContext.Provider>;
}

export function useAnnotationWriting(): AnnotationWriting {
  const provided = useContext(AnnotationWriteContext);
  return useMemo(
    () => provided ?? { outbox: getDefaultOutbox(), canAnnotate: canAnnotate(), kindTags: DEFAULT_KIND_TAGS },
    [provided]
  );
}
