// "Send to workbench": a panel's findings carried to an incident's worksheet in the URL (`?pin=`).
// pins: the findings' encoding and the evidence they become; destination: where a panel sends them and the
// button's state; fromTimeline / fromDrift: what each panel sends; intake: the workbench adding them.
export * from './destination';
export * from './fromDrift';
export * from './fromTimeline';
export * from './intake';
export * from './pins';
export * from './SendToWorkbenchButton';
