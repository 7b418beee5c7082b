/**
 * A source's sync schedule as administrators meet it: the common cron shapes in words ("Every day
 * at 02:00"), and the schedule form's choices (on demand, every hour, every day or every week at
 * a time, or a custom cron expression) to and from the stored cron text. Anything not a common
 * shape is shown as its cron text and edited as "Custom".
 *
 *   describeSchedule('0 2 * * *');  // 'Every day at 02:00'
 *   scheduleCron({ scheduleEvery: 'weekly', scheduleTime: '06:00', scheduleDay: '1', schedule: '' });
 *   // { cron: '0 6 * * 1' }
 */
import { adminEnglish } from '../../i18n/admin-translator.js';

export interface ScheduleValues {
  /** A key of SCHEDULE_CHOICES. */
  scheduleEvery: string;
  /** HH:MM, for every day and every week. */
  scheduleTime: string;
  /** 0 (Sunday) to 6, for every week. */
  scheduleDay: string;
  /** The cron expression, for custom. */
  schedule: string;
}

const t = adminEnglish;
const NUMBER = /^\d{1,2}$/;
const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DAYS = ['0', '1', '2', '3', '4', '5', '6'];
const weekdayFormat = new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' });

/** "Monday" for 1: 7 January 2024 was a Sunday. */
export function weekdayName(day: number): string {
  return weekdayFormat.format(Date.UTC(2024, 0, 7 + (day % 7)));
}

/** The form's choices, in the order the drop-down lists them. */
export const SCHEDULE_CHOICES: ReadonlyMap<string, string> = new Map([
  ['none', t.t('admin.schedule.choice.none')],
  ['hourly', t.t('admin.schedule.choice.hourly')],
  ['daily', t.t('admin.schedule.choice.daily')],
  ['weekly', t.t('admin.schedule.choice.weekly')],
  ['custom', t.t('admin.schedule.choice.custom')],
]);

export const WEEKDAY_CHOICES = [1, 2, 3, 4, 5, 6, 0].map((day) => ({
  value: String(day),
  label: weekdayName(day),
}));

const inRange = (text: string, max: number) => NUMBER.test(text) && Number(text) <= max;
const clock = (hour: string, minute: string) => `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;

/** The fields of a five-field cron expression, or null for anything else (six fields, macros …). */
function cronFields(cron: string) {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts as [string, string, string, string, string];
  return { minute, hour, dayOfMonth, month, dayOfWeek };
}

/** A stored schedule in words; a shape without words is shown as its cron text. */
export function describeSchedule(cron: string): string {
  if (cron.trim() === '') return t.t('admin.schedule.none');
  const f = cronFields(cron);
  if (!f || f.month !== '*') return cron;
  const atTime = inRange(f.minute, 59) && inRange(f.hour, 23) ? clock(f.hour, f.minute) : null;
  const everyDayOfMonth = f.dayOfMonth === '*';
  if (everyDayOfMonth && f.dayOfWeek === '*') {
    if (f.hour === '*' && f.minute === '0') return t.t('admin.schedule.hourly');
    if (f.hour === '*' && inRange(f.minute, 59))
      return t.t('admin.schedule.hourlyAt', { minute: f.minute.padStart(2, '0') });
    const minutes = /^\*\/(\d{1,2})$/.exec(f.minute);
    if (minutes && f.hour === '*') return t.t('admin.schedule.minutes', { n: Number(minutes[1]) });
    const hours = /^\*\/(\d{1,2})$/.exec(f.hour);
    if (hours && f.minute === '0') return t.t('admin.schedule.hours', { n: Number(hours[1]) });
    if (atTime) return t.t('admin.schedule.daily', { time: atTime });
    return cron;
  }
  if (!atTime) return cron;
  if (everyDayOfMonth && inRange(f.dayOfWeek, 7))
    return t.t('admin.schedule.weekly', { day: weekdayName(Number(f.dayOfWeek)), time: atTime });
  if (everyDayOfMonth && f.dayOfWeek === '1-5') return t.t('admin.schedule.weekdays', { time: atTime });
  if (f.dayOfWeek === '*' && inRange(f.dayOfMonth, 31) && Number(f.dayOfMonth) >= 1)
    return t.t('admin.schedule.monthly', { day: Number(f.dayOfMonth), time: atTime });
  return cron;
}

/** The form's values for a stored schedule: a common shape picks its choice, anything else is custom. */
export function scheduleValues(cron: string): ScheduleValues {
  const values = { scheduleEvery: 'custom', scheduleTime: '02:00', scheduleDay: '1', schedule: cron };
  if (cron.trim() === '') return { ...values, scheduleEvery: 'none' };
  const f = cronFields(cron);
  if (!f || f.month !== '*' || f.dayOfMonth !== '*') return values;
  if (f.minute === '0' && f.hour === '*' && f.dayOfWeek === '*')
    return { ...values, scheduleEvery: 'hourly' };
  if (!inRange(f.minute, 59) || !inRange(f.hour, 23)) return values;
  const time = clock(f.hour, f.minute);
  if (f.dayOfWeek === '*') return { ...values, scheduleEvery: 'daily', scheduleTime: time };
  if (inRange(f.dayOfWeek, 7))
    return {
      ...values,
      scheduleEvery: 'weekly',
      scheduleTime: time,
      scheduleDay: String(Number(f.dayOfWeek) % 7),
    };
  return values;
}

/**
 * The cron expression the form's choice stands for, or the fields in error. A custom expression is
 * passed on as typed: the sources service checks it (its error names the `schedule` field).
 */
export function scheduleCron(values: ScheduleValues): { cron: string } | { errors: Record<string, string> } {
  const time = TIME.exec(values.scheduleTime.trim());
  const timed = (cron: (hour: number, minute: number) => string) =>
    time
      ? { cron: cron(Number(time[1]), Number(time[2])) }
      : { errors: { scheduleTime: t.t('admin.schedule.error.time') } };
  switch (values.scheduleEvery) {
    // A post without the choice (a script, an older form) sends the cron text alone, '' for none.
    case '':
      return { cron: values.schedule.trim() };
    case 'none':
      return { cron: '' };
    case 'hourly':
      return { cron: '0 * * * *' };
    case 'daily':
      return timed((hour, minute) => `${minute} ${hour} * * *`);
    case 'weekly':
      if (!DAYS.includes(values.scheduleDay))
        return { errors: { scheduleDay: t.t('admin.schedule.error.day') } };
      return timed((hour, minute) => `${minute} ${hour} * * ${values.scheduleDay}`);
    case 'custom':
      if (values.schedule.trim() === '') return { errors: { schedule: t.t('admin.schedule.error.empty') } };
      return { cron: values.schedule.trim() };
    default:
      return { errors: { scheduleEvery: t.t('admin.schedule.error.choice') } };
  }
}
