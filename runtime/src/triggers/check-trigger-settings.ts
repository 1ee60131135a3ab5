import { Cron } from 'croner';
import type { GraphDocument, GraphProblem } from '@sluice/sdk';

/**
 * What the sdk schema cannot check of `settings.triggers` (it is browser-safe and has no cron
 * parser): a cron expression croner refuses, with the path of the field. For the save path
 * (`checkGraph`), so that a schedule that can never fire is refused when saved, not found later.
 */
export function checkTriggerSettings(doc: GraphDocument): GraphProblem[] {
  const schedule = doc.settings?.triggers?.schedule;
  if (!schedule) return [];
  try {
    new Cron(schedule.cron, { timezone: schedule.timezone ?? 'UTC', paused: true }).stop();
    return [];
  } catch (err) {
    return [
      { path: ['settings', 'triggers', 'schedule', 'cron'], message: `"${schedule.cron}" is not a cron expression croner accepts: ${(err as Error).message}` },
    ];
  }
}
