// The main thread's CPU time in each long task, read from a Chromium trace.
// DevTools' CPU slowdown shows in the thread's CPU time; the time the operating system gives the
// core to other processes does not. `node bench/cpu-time-check.mjs` shows both: on this shared
// 2-core machine (2026-12-02), a busy loop's task had 21 ms of CPU time at 1× and 89 ms (65–105)
// at 4×, while its wall time was 57 ms (35–80) and 133 ms (104–164). So a task's CPU time is close
// to what it takes on a 4× slower CPU of its own, and much steadier than its wall time here.
// Time the thread waits, blocked, is not CPU time either: Assent's tasks make no blocking call while
// a page loads (IndexedDB is asynchronous; Web Storage serves only where BroadcastChannel is missing).
import { evaluate } from './cdp-pipe.mjs';

const CATEGORIES = ['toplevel', 'blink.user_timing', '__metadata'];
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
const ALIGNMENT_MARK = 'bench-trace-alignment';
/** How far apart a long-task entry and the traced task it is may start (ms): the timeline's coarsened clock. */
const MATCH_TOLERANCE_MS = 3;
/** Traced tasks shorter than this are left out: a long task's own traced part is seldom shorter. */
export const SHORTEST_TRACED_TASK_MS = 10;

/** Starts tracing the browser; `stop()` ends the trace and answers its events. */
export async function startTrace(cdp) {
  const events = [];
  const stopCollecting = cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: CATEGORIES, excludedCategories: ['*'] },
    transferMode: 'ReportEvents',
  });
  return {
    async stop() {
      const complete = new Promise((resolve) => {
        const stopWaiting = cdp.on('Tracing.tracingComplete', () => (stopWaiting(), resolve()));
      });
      await cdp.send('Tracing.end');
      await complete;
      stopCollecting();
      return events;
    },
  };
}

/**
 * Ends `trace` of `page` and answers the tasks on the page's main thread, as `{ start, wall, cpu }`
 * in the page's own milliseconds. A mark made in the page first ties the trace's clock to the
 * page's and tells which thread is the page's.
 */
export async function stopWithTasks(page, trace) {
  const markTime = await evaluate(page, (name) => performance.mark(name).startTime, ALIGNMENT_MARK);
  const events = await trace.stop();
  const mark = events.find((event) => event.name === ALIGNMENT_MARK && event.cat === 'blink.user_timing');
  if (!mark) throw new Error('the trace has no alignment mark: was the page traced when it was marked?');
  const offsetMs = mark.ts / 1000 - markTime;
  const tasks = events.filter(
    (event) => event.pid === mark.pid && event.tid === mark.tid && event.ph === 'X' && TASK_EVENTS.has(event.name) && event.dur >= SHORTEST_TRACED_TASK_MS * 1000,
  );
  return tasks.map((task) => ({ start: task.ts / 1000 - offsetMs, wall: task.dur / 1000, cpu: (task.tdur ?? task.dur) / 1000 }));
}

/**
 * The main thread's CPU time in the long-task entry `{ start, duration }`, or undefined when the
 * trace lacks its task. Of the traced tasks starting with it (a task nests in another, both
 * traced), the longest is the entry's. The entry can end later than that (by 14 ms, seen once):
 * the rest counts at its wall time, which is never less than its CPU time.
 */
export function cpuTimeOf(entry, tracedTasks) {
  const task = longest(tracedTasks.filter((candidate) => Math.abs(candidate.start - entry.start) <= MATCH_TOLERANCE_MS));
  return task && task.cpu + Math.max(0, entry.duration - task.wall);
}

/** The traced task that was running at `time` (the outermost of those nested there), or undefined. */
export function tracedTaskAt(time, tracedTasks) {
  return longest(tracedTasks.filter((task) => task.start <= time && time <= task.start + task.wall));
}

/** The longest of `tasks`, or undefined when there is none. */
const longest = (tasks) => tasks.reduce((found, task) => (task.wall > (found?.wall ?? 0) ? task : found), undefined);
