import React, { useContext, useEffect, useMemo, useState } from 'react';
import { sharedKindTags } from '../../api/appSettings';
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

/**
 * Inside Grafana: the shared outbox, the user's permission, and the tag-to-kind mapping saved on the app's
 * configuration page (the defaults until it is read, and when it cannot be).
 */
export function useAnnotationWriting(): AnnotationWriting {
  const provided = useContext(AnnotationWriteContext);
  const [configured, setConfigured] = useState<KindTags | undefined>();
  useEffect(() => {
    if (provided) {
      return;
    }
    let live = true;
    sharedKindTags().then(({ kindTags }) => {
      if (live && kindTags !== DEFAULT_KIND_TAGS) {
        setConfigured(kindTags);
      }
    });
    return () => {
      live = false;
    };
  }, [provided]);
  return useMemo(
    () =>
      provided ?? {
        outbox: getDefaultOutbox(),
        canAnnotate: canAnnotate(),
        kindTags: configured ?? DEFAULT_KIND_TAGS,
      },
    [provided, configured]
  );
}
