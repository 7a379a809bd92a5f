import { KindTags } from './data/annotations';

/** The app's settings, stored in the plugin's jsonData. */
export interface AppSettings {
  /** Tag-to-kind mapping for annotations; missing kinds fall back to the defaults. */
  kindTags?: Partial<KindTags>;
}
