import React, { useEffect, useMemo, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { AppPluginMeta, PluginType } from '@grafana/data';
import { FolderPicker, getBackendSrv } from '@grafana/runtime';
import { LoadingPlaceholder, Select } from '@grafana/ui';
import { App } from '../src/app/App';
import { PLUGIN_ID } from '../src/constants';
import { AppSettings } from '../src/types';

type Settings = { enabled?: boolean; pinned?: boolean; jsonData?: AppSettings };

/** What Grafana hands the app's root page: its meta, with the settings read from the Grafana API. */
function appMeta(settings: Settings): AppPluginMeta<AppSettings> {
  return {
    id: PLUGIN_ID,
    name: 'Driftline',
    type: PluginType.app,
    module: '',
    baseUrl: '',
    enabled: settings.enabled ?? true,
    pinned: settings.pinned ?? true,
    jsonData: settings.jsonData ?? {},
    info: {
      author: { name: 'Driftline' },
      description: '',
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '',
      version: 'playground',
    },
  };
}

/** The app pages (incidents, workbench, FMEA) as Grafana mounts them under /a/<plugin id>/. */
export function AppPages() {
  const [settings, setSettings] = useState<Settings>();
  useEffect(() => {
    let live = true;
    lastValueFrom(getBackendSrv().fetch<Settings>({ url: `/api/plugins/${PLUGIN_ID}/settings`, method: 'GET' }))
      .then((response) => response.data)
      // Grafana always has the app's settings; a server without them gets the defaults.
      .catch(() => ({}))
      .then((loaded) => live && setSettings(loaded));
    return () => {
      live = false;
    };
  }, []);
  const meta = useMemo(() => (settings ? appMeta(settings) : undefined), [settings]);
  if (!meta) {
    return <LoadingPlaceholder text="Reading the app's settings…" />;
  }
  return <App meta={meta} path={`/a/${PLUGIN_ID}`} basename={`/a/${PLUGIN_ID}`} query={{}} onNavChanged={() => {}} />;
}

interface Folder {
  uid: string;
  title: string;
}

/** Grafana's folder picker, reduced to a list of `GET /api/folders`. */
export function PlaygroundFolderPicker({ value, onChange }: React.ComponentProps<typeof FolderPicker>) {
  const [folders, setFolders] = useState<Folder[]>([]);
  useEffect(() => {
    let live = true;
    lastValueFrom(getBackendSrv().fetch<Folder[]>({ url: '/api/folders', method: 'GET' }))
      .then((response) => live && setFolders(Array.isArray(response.data) ? response.data : []))
      .catch(() => live && setFolders([]));
    return () => {
      live = false;
    };
  }, []);
  const options = [
    { label: 'Dashboards', value: '' },
    ...folders.map((folder) => ({ label: folder.title, value: folder.uid })),
  ];
  return (
    <Select
      aria-label="Folder"
      options={options}
      value={value ?? ''}
      onChange={(option) => {
        const uid = option?.value || undefined;
        onChange?.(uid, folders.find((folder) => folder.uid === uid)?.title);
      }}
    />
  );
}
