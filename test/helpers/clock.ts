/** A clock the test moves by hand. */
export function fakeClock(start = Date.parse('2026-11-28T12:00:00.000Z')) {
  let time = start;
  return {
    now: () => time,
    advanceDays(days: number) {
      time += days * 24 * 60 * 60 * 1000;
    },
  };
}
