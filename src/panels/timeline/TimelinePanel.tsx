import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2, PanelProps } from '@grafana/data';
import { CheckedDataLink, checkDataLinks } from '../../data/links';
import { Button, LoadingBar, useStyles2, useTheme2 } from '@grafana/ui';
import { AnnotationOverlay, OverlayGeometry } from '../../components/AnnotationOverlay';
import { formatLeadTime } from '../../components/formatLeadTime';
import { PanelFrame } from '../../components/PanelFrame';
import { LANE_AXIS_WIDTH, TimeLanePlot } from '../../components/TimeLanePlot';
import { AnnotationCapture } from '../../components/annotations/AnnotationCapture';
import { useAnnotationEditor } from '../../components/annotations/AnnotationEditing';
import { incidentAnnotationData } from '../../components/annotations/incidentContext';
import { AnnotationDraftRequest, PanelAnnotationTools } from '../../components/annotations/PanelAnnotationTools';
import { titleOfDashboard, workbenchDestination, workbenchSend } from '../../sendToWorkbench/destination';
import { usePanelAnnotations, writeTargetOf } from '../../components/annotations/usePanelAnnotations';
import { currentIncident, incidentWindow, ONGOING_TAG } from '../../data/annotations';
import { decimateToColumns, Lane } from '../../data/lanes';
import { analysedLanes } from '../../findings/timeline';
import type { Onset } from '../../analysis';
import { usePanelNow } from '../usePanelNow';
import { TimelineStep, TimeWindow } from '../../findings/changeSequence';
import { TimelineOptions } from './types';
import { afterNextPaint } from '../../findings/slices';
import { useTimelineAnalysis } from './useTimelineAnalysis';
import { useTimelineLanes } from './useTimelineLanes';
import { SendContext, sendToWorkbenchUrl } from '../../sendToWorkbench/fromTimeline';
import { stepKey, WhatChangedFirst } from './WhatChangedFirst';
import { testIds } from '../../testIds';

const LABEL_HEIGHT = 16;
const TIME_AXIS_HEIGHT = 28;
const TOOLBAR_HEIGHT = 28;
const MIN_LANE_HEIGHT = 36;
const LIST_WIDTH = 300;
/** Below this width the "what changed first" list goes under the lanes instead of beside them. */
const NARROW_WIDTH = 720;
/**
 * Lanes drawn beyond the visible ones, above and below, so scrolling does not show blanks. They are added
 * once the visible lanes have been painted: the first paint only waits for what can be seen.
 */
const OVERSCAN = 2;
/** Without an incident annotation or a brushed window, the analysis looks at the last quarter of the range. */
const DEFAULT_WINDOW_FRACTION = 0.25;

type Props = PanelProps<TimelineOptions>;
type WindowSource = 'brushed window' | 'incident start' | 'last quarter of the range';

/** Pixels per column a dense lane is reduced to for drawing (see drawnAtWidth). */
const DRAWN_COLUMN_PX = 2;

/** The width of the list of what changed first beside the lanes; none when the panel is narrow. */
function listWidthOf(width: number, showChangeList: boolean): number {
  return showChangeList && width >= NARROW_WIDTH ? Math.min(LIST_WIDTH, Math.floor(width * 0.35)) : 0;
}

export function TimelinePanel(props: Props) {
  const { data, width, height, options, timeRange, timeZone, onChangeTimeRange, id, replaceVariables } = props;
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const now = usePanelNow(data);
  const range = useMemo(() => ({ from: timeRange.from.valueOf(), to: timeRange.to.valueOf() }), [timeRange]);
  const [plotArea, setPlotArea] = useState<{ left: number; width: number } | undefined>();
  const [brushed, setBrushed] = useState<TimeWindow | undefined>();
  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const [painted, setPainted] = useState(false);
  useEffect(() => afterNextPaint(() => setPainted(true)).cancel, []);

  const lanesState = useTimelineLanes(data.series, range, options.metricStyle);
  const ready = lanesState.status === 'ready' ? lanesState : undefined;
  const lanes = ready?.lanes ?? NO_LANES;
  const shown = useMemo(() => analysedLanes(lanes, options.maxLanes), [lanes, options.maxLanes]);
  const shownDrawn = useMemo(
    () => analysedLanes(ready?.drawn ?? NO_LANES, options.maxLanes),
    [ready, options.maxLanes]
  );
  const shownAnalysed = useMemo(
    () => analysedLanes(ready?.analysed ?? NO_LANES, options.maxLanes),
    [ready, options.maxLanes]
  );
  const annotations = usePanelAnnotations(data, replaceVariables, options.annotationKinds);
  const [draft, setDraft] = useState<AnnotationDraftRequest | undefined>();
  const { editing, editor } = useAnnotationEditor(annotations);
  // The analysis reads every annotation; the panel's kind filter only changes what is drawn.
  const events = annotations.allEvents;
  const ongoingIncident = events.find(
    (event) => event.kind === 'incident' && event.isRegion && event.timeEnd === undefined
  );
  const endIncident = () => {
    const target = ongoingIncident && writeTargetOf(ongoingIncident);
    if (ongoingIncident && target) {
      annotations.update(target, {
        timeEnd: Date.now(),
        tags: ongoingIncident.tags.filter((tag) => tag !== ONGOING_TAG),
      });
    }
  };
  const incident = incidentWindow(events, range, now);
  const incidentEvent = currentIncident(events, range, now);
  const destination = workbenchDestination(incidentEvent, annotations.items);

  // Brushing is the user's explicit choice, so it wins over the incident annotation until cleared.
  const source: WindowSource = brushed ? 'brushed window' : incident ? 'incident start' : 'last quarter of the range';
  const windowFrom = brushed?.from ?? incident?.from ?? range.to - DEFAULT_WINDOW_FRACTION * (range.to - range.from);
  const windowTo = brushed?.to ?? incident?.to ?? range.to;
  const analysisWindow = useMemo(() => ({ from: windowFrom, to: windowTo }), [windowFrom, windowTo]);
  const { analysis, pending } = useTimelineAnalysis(shownAnalysed, events, range, analysisWindow, windowFrom);

  const onsetsByLane = useMemo(() => {
    const byLane = new Map<string, Onset[]>();
    for (const onset of analysis?.onsets ?? []) {
      byLane.set(onset.laneId, [...(byLane.get(onset.laneId) ?? []), onset]);
    }
    return byLane;
  }, [analysis]);
  const selectedLaneId = useMemo(() => {
    const step = analysis?.steps.find((candidate) => stepKey(candidate) === selectedKey);
    return step && step.type === 'onset' ? step.laneId : undefined;
  }, [analysis, selectedKey]);

  const onSelectRange = useCallback((selected: TimeWindow) => setBrushed({ from: selected.from, to: selected.to }), []);
  const onPlotReady = useCallback((plot: uPlot) => {
    setPlotArea((previous) =>
      previous?.left === plot.over.offsetLeft && previous.width === plot.over.clientWidth
        ? previous
        : { left: plot.over.offsetLeft, width: plot.over.clientWidth }
    );
  }, []);
  const sendContext: SendContext = {
    dashboardUID: annotations.dashboardUID,
    dashboardTitle: titleOfDashboard(replaceVariables),
    panelId: id,
    range,
    live: timeRange.raw.to === 'now',
    window: analysisWindow,
    windowSource: brushed ? 'brushed' : incident ? 'incident' : 'default',
    outboxItems: annotations.items,
  };
  const steps = analysis?.steps;
  const send = workbenchSend({
    destination,
    incident: incidentEvent,
    what: 'steps',
    pending: pending ? 'Still looking for onsets in this window…' : undefined,
    url: (to) => (steps ? sendToWorkbenchUrl(to, steps, sendContext) : undefined),
  });
  const zoomToWindow = useCallback(
    () => onChangeTimeRange({ from: windowFrom, to: windowTo }),
    [onChangeTimeRange, windowFrom, windowTo]
  );

  // Each lane reduced once per lanes, range and width, to the first, lowest, highest and last point of each
  // two-pixel column: a lane denser than that is a band of strokes the browser rasterises in software, and at
  // one-pixel columns a lane of 10 million points took it 55 to 60 ms per draw; peaks stay drawn, and a lane
  // of fewer points than that is drawn as it is. New arrays on every render (the onset analysis finishing, a
  // hover) would also make uPlot draw it again.
  const plotWidth =
    plotArea?.width ?? Math.max(0, width - listWidthOf(width, options.showChangeList) - LANE_AXIS_WIDTH);
  const drawnAtWidth = useMemo(
    () =>
      shownDrawn.map((lane) =>
        decimateToColumns(lane.times, lane.values, range, Math.ceil(plotWidth / DRAWN_COLUMN_PX))
      ),
    [shownDrawn, range, plotWidth]
  );

  if (lanesState.status === 'problem') {
    return (
      <PanelFrame panel={props} testId={testIds.panelTimeline} name="timeline panel" problem={lanesState.problem} />
    );
  }
  if (lanesState.status === 'reading') {
    return (
      <PanelFrame panel={props} testId={testIds.panelTimeline} name="timeline panel">
        <div className={styles.reading} data-testid={testIds.reading}>
          <LoadingBar width={width} />
          Reading {lanesState.points.toLocaleString('en')} points in slices · changing the time range starts again
        </div>
      </PanelFrame>
    );
  }

  const hidden = lanes.length - shown.length;
  const wide = width >= NARROW_WIDTH;
  const listWidth = listWidthOf(width, options.showChangeList);
  const listHeight = options.showChangeList && !wide ? Math.max(100, Math.floor(height * 0.35)) : 0;
  const lanesWidth = width - listWidth;
  const footer = hidden > 0 ? 20 : 0;
  const viewportHeight = Math.max(MIN_LANE_HEIGHT, height - listHeight - TOOLBAR_HEIGHT - footer);
  const laneHeight = Math.max(
    MIN_LANE_HEIGHT,
    Math.floor((viewportHeight - TIME_AXIS_HEIGHT) / shown.length) - LABEL_HEIGHT
  );
  const rowHeight = laneHeight + LABEL_HEIGHT;
  const contentHeight = shown.length * rowHeight + TIME_AXIS_HEIGHT;
  const overscan = painted ? OVERSCAN : 0;
  const firstVisible = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const lastVisible = Math.min(shown.length - 1, Math.floor((scrollTop + viewportHeight - 1) / rowHeight) + overscan);
  const geometry: OverlayGeometry = {
    left: plotArea?.left ?? LANE_AXIS_WIDTH,
    width: plotArea?.width ?? Math.max(0, lanesWidth - LANE_AXIS_WIDTH),
    top: 0,
    height: contentHeight - TIME_AXIS_HEIGHT,
  };
  const span = range.to - range.from;
  const toPx = (time: number) => geometry.left + ((time - range.from) / span) * geometry.width;

  const palette = theme.visualization.palette;
  const directionColor = (direction: 'up' | 'down') =>
    direction === 'up' ? theme.colors.warning.main : theme.colors.info.main;
  const laneColor = (lane: Lane, index: number) =>
    lane.tone === 'error'
      ? theme.colors.error.main
      : lane.tone === 'warning'
        ? theme.colors.warning.main
        : theme.visualization.getColorByName(palette[index % palette.length]);

  const onSelectStep = (step: TimelineStep) => {
    const key = stepKey(step);
    setSelectedKey((previous) => (previous === key ? undefined : key));
    if (step.type === 'onset') {
      const index = shown.findIndex((lane) => lane.id === step.laneId);
      if (index >= 0 && scroller.current) {
        scroller.current.scrollTop = index * rowHeight;
      }
    }
  };
  const linksFor = (step: TimelineStep): CheckedDataLink[] => {
    if (step.type !== 'onset') {
      return [];
    }
    const lane = shown.find((candidate) => candidate.id === step.laneId);
    const getLinks = lane?.field?.getLinks;
    if (!lane || !getLinks) {
      return [];
    }
    let row = 0;
    while (row < lane.times.length - 1 && lane.times[row] < step.time) {
      row++;
    }
    // Filled in with query results: checked before they become links.
    return checkDataLinks(getLinks({ valueRowIndex: row }));
  };

  return (
    <PanelFrame
      panel={props}
      testId={testIds.panelTimeline}
      name="timeline panel"
      className={cx(styles.panel, wide ? styles.row : styles.column)}
    >
      <div className={styles.main} style={{ width: lanesWidth }}>
        <div className={styles.toolbar} style={{ height: TOOLBAR_HEIGHT }} data-testid={testIds.window}>
          <span
            className={styles.windowText}
            data-testid={testIds.windowSource}
            data-source={brushed ? 'brushed' : incident ? 'incident' : 'default'}
          >
            Analysis window ({source === 'incident start' ? 'incident annotation' : source}):{' '}
            {dateTimeFormat(windowFrom, { timeZone })} → {dateTimeFormat(windowTo, { timeZone })}
            {!brushed && <span className={styles.hint}> · drag across the lanes to choose another</span>}
          </span>
          <Button
            size="sm"
            variant="secondary"
            fill="text"
            icon="search-plus"
            onClick={zoomToWindow}
            data-testid={testIds.zoomToWindow}
          >
            Zoom to window
          </Button>
          {brushed && (
            <Button
              size="sm"
              variant="secondary"
              fill="text"
              icon="times"
              onClick={() => setBrushed(undefined)}
              data-testid={testIds.clearWindow}
            >
              Clear
            </Button>
          )}
          {annotations.canAnnotate && !ongoingIncident && (
            <Button
              size="sm"
              variant="destructive"
              fill="text"
              icon="exclamation-triangle"
              onClick={() =>
                setDraft({
                  time: Date.now(),
                  preset: 'incident',
                  extraTags: [ONGOING_TAG],
                  data: incidentAnnotationData(range),
                })
              }
              data-testid={testIds.markIncidentStart}
            >
              Mark incident start
            </Button>
          )}
          {annotations.canAnnotate && ongoingIncident && (
            <Button
              size="sm"
              variant="secondary"
              fill="text"
              icon="check"
              onClick={endIncident}
              data-testid={testIds.endIncident}
            >
              End incident
            </Button>
          )}
        </div>
        <AnnotationCapture
          range={range}
          area={{ left: geometry.left, width: geometry.width }}
          enabled={annotations.canAnnotate}
          onCapture={(time, timeEnd) => setDraft({ time, timeEnd })}
        >
          <div
            ref={scroller}
            className={styles.scroller}
            style={{ height: viewportHeight }}
            onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
            onDoubleClick={zoomToWindow}
            data-testid={testIds.lanes}
          >
            <div className={styles.content} style={{ height: contentHeight }}>
              {shown.map((lane, index) => {
                if (index < firstVisible || index > lastVisible) {
                  return null;
                }
                const isLast = index === shown.length - 1;
                const laneOnsets = onsetsByLane.get(lane.id) ?? [];
                const onset = laneOnsets[0];
                const highlighted = lane.id === selectedLaneId;
                const drawn = drawnAtWidth[index];
                return (
                  <div
                    key={lane.id}
                    className={cx(styles.lane, highlighted && styles.highlighted)}
                    style={{ top: index * rowHeight }}
                    data-testid={testIds.lane}
                    data-lane={lane.name}
                    data-group={lane.group}
                    data-highlighted={highlighted ? 'true' : 'false'}
                  >
                    <div className={styles.label} style={{ paddingLeft: geometry.left, height: LABEL_HEIGHT }}>
                      <span className={styles.name}>{lane.name}</span>
                      {lane.note ? (
                        <span className={styles.note} data-testid={testIds.laneNote} title={lane.note}>
                          {' '}
                          {lane.note}
                        </span>
                      ) : null}
                      {lane.gaps > 0 && lane.group === 'metrics' ? (
                        <span className={styles.gaps}> ({lane.gaps} missing values)</span>
                      ) : null}
                      {onset ? (
                        <span className={styles.onsetText} style={{ color: directionColor(onset.direction) }}>
                          {' '}
                          · onset {formatLeadTime(onset.time - windowFrom)} {onset.direction === 'up' ? '↑' : '↓'}
                        </span>
                      ) : null}
                    </div>
                    <TimeLanePlot
                      times={drawn.times}
                      values={drawn.values}
                      range={range}
                      width={lanesWidth}
                      height={laneHeight + (isLast ? TIME_AXIS_HEIGHT : 0)}
                      color={laneColor(lane, index)}
                      unit={lane.unit}
                      style={lane.style}
                      showTimeAxis={isLast}
                      timeZone={timeZone}
                      theme={theme}
                      syncKey={`driftline-timeline-${id}`}
                      onSelectRange={onSelectRange}
                      onPlotReady={onPlotReady}
                    />
                    {laneOnsets
                      .filter((shownOnset) => shownOnset.time >= range.from && shownOnset.time <= range.to)
                      .map((shownOnset) => (
                        <React.Fragment key={shownOnset.time}>
                          {shownOnset.interval && shownOnset.interval.to > shownOnset.interval.from && (
                            <div
                              className={styles.onsetInterval}
                              data-testid={testIds.onsetInterval}
                              title={`Onset of ${lane.name} between ${dateTimeFormat(shownOnset.interval.from, { timeZone })} and ${dateTimeFormat(shownOnset.interval.to, { timeZone })} (95 %)`}
                              style={{
                                left: toPx(Math.max(range.from, shownOnset.interval.from)),
                                width: Math.max(
                                  1,
                                  toPx(Math.min(range.to, shownOnset.interval.to)) -
                                    toPx(Math.max(range.from, shownOnset.interval.from))
                                ),
                                top: LABEL_HEIGHT,
                                height: laneHeight,
                                background: directionColor(shownOnset.direction),
                              }}
                            />
                          )}
                          <div
                            className={styles.onsetMarker}
                            data-testid={testIds.onsetMarker}
                            data-direction={shownOnset.direction}
                            data-shape={shownOnset.shape}
                            title={`Onset of ${lane.name}${shownOnset.shape ? ` (${shownOnset.shape})` : ''}: ${dateTimeFormat(shownOnset.time, { timeZone })} (${formatLeadTime(shownOnset.time - windowFrom)}), ${shownOnset.direction}`}
                            style={{
                              left: toPx(shownOnset.time) - 1,
                              top: LABEL_HEIGHT,
                              height: laneHeight,
                              background: directionColor(shownOnset.direction),
                            }}
                          />
                        </React.Fragment>
                      ))}
                  </div>
                );
              })}
              {brushed && (
                <div
                  className={styles.brush}
                  data-testid={testIds.brushWindow}
                  style={{
                    left: Math.max(geometry.left, toPx(brushed.from)),
                    width: Math.max(
                      1,
                      Math.min(toPx(brushed.to), geometry.left + geometry.width) -
                        Math.max(geometry.left, toPx(brushed.from))
                    ),
                    height: geometry.height,
                  }}
                />
              )}
              {options.showAnnotations && (
                <AnnotationOverlay
                  events={annotations.events}
                  range={range}
                  geometry={geometry}
                  now={now}
                  incidentStart={windowFrom}
                  timeZone={timeZone}
                  editing={editing}
                />
              )}
            </div>
          </div>
        </AnnotationCapture>
        {hidden > 0 && (
          <div className={styles.more} data-testid={testIds.hiddenLanes}>
            {hidden} more series not shown; raise “Max lanes” in the panel options to see them.
          </div>
        )}
      </div>
      {editor}
      <PanelAnnotationTools
        annotations={annotations}
        panelId={id}
        timeZone={timeZone}
        draft={draft}
        onDraftChange={setDraft}
      />
      {options.showChangeList && (
        <div style={wide ? { width: listWidth, height } : { width, height: listHeight }} className={styles.side}>
          <WhatChangedFirst
            steps={analysis?.steps ?? []}
            incidentSource={source === 'incident start' ? 'incident start' : `start of the ${source}`}
            pending={pending}
            selectedKey={selectedKey}
            onSelect={onSelectStep}
            linksFor={linksFor}
            directionColor={directionColor}
            send={send}
          />
        </div>
      )}
    </PanelFrame>
  );
}

const NO_LANES: Lane[] = [];

const getStyles = (theme: GrafanaTheme2) => ({
  reading: css({ padding: theme.spacing(1), color: theme.colors.text.secondary }),
  panel: css({ position: 'relative', overflow: 'hidden', display: 'flex' }),
  row: css({ flexDirection: 'row' }),
  column: css({ flexDirection: 'column' }),
  main: css({ display: 'flex', flexDirection: 'column', minWidth: 0 }),
  side: css({ display: 'flex', flexDirection: 'column', minHeight: 0, paddingTop: theme.spacing(0.5) }),
  toolbar: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  }),
  windowText: css({ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }),
  hint: css({ color: theme.colors.text.disabled }),
  scroller: css({ overflowY: 'auto', overflowX: 'hidden', position: 'relative' }),
  content: css({ position: 'relative' }),
  lane: css({ position: 'absolute', left: 0, right: 0 }),
  highlighted: css({
    background: theme.colors.action.selected,
    boxShadow: `inset 3px 0 0 ${theme.colors.primary.main}`,
  }),
  label: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    lineHeight: `${LABEL_HEIGHT}px`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  name: css({ color: theme.colors.text.primary }),
  note: css({ color: theme.colors.text.secondary }),
  gaps: css({ color: theme.colors.warning.text }),
  onsetText: css({ fontWeight: theme.typography.fontWeightMedium }),
  onsetMarker: css({ position: 'absolute', width: 3, borderRadius: 1, pointerEvents: 'none', zIndex: 1 }),
  onsetInterval: css({ position: 'absolute', pointerEvents: 'none', opacity: theme.colors.action.disabledOpacity }),
  brush: css({
    position: 'absolute',
    top: 0,
    pointerEvents: 'none',
    background: theme.colors.primary.transparent,
    borderLeft: `1px solid ${theme.colors.primary.border}`,
    borderRight: `1px solid ${theme.colors.primary.border}`,
  }),
  more: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    padding: theme.spacing(0, 1),
  }),
});
