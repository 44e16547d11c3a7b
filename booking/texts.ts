// Every SMS the booking engine sends, in one place, short enough for one or two segments.
export interface JobSummary {
  code: string;
  description: string;
  address: string;
  unit: string | null;
  windowStart: Date | null;
  windowEnd: Date | null;
}

/** "Tue Nov 24 9:00–12:00" in the reader's time zone; "as soon as possible" without a window. */
export function formatWindow(start: Date | null, end: Date | null, timeZone: string): string {
  if (!start) return 'as soon as possible';
  const day = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  });
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: 'numeric',
    minute: '2-digit',
    hour12: false,
  });
  return `${day.format(start).replace(',', '')} ${time.format(start)}${end ? `–${time.format(end)}` : ''}`;
}

export const where = (job: Pick<JobSummary, 'address' | 'unit'>) =>
  `${job.address}${job.unit ? ` unit ${job.unit}` : ''}`;
export const shorten = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const texts = {
  offer: (job: JobSummary, timeZone: string) =>
    `Job ${job.code}: ${shorten(job.description)}, ${where(job)}, ${formatWindow(job.windowStart, job.windowEnd, timeZone)}. ` +
    `Reply YES ${job.code} to accept, NO ${job.code} to decline.`,
  vendorBooked: (job: JobSummary, timeZone: string) =>
    `Thanks, job ${job.code} is yours: ${where(job)}, ${formatWindow(job.windowStart, job.windowEnd, timeZone)}. ` +
    `Access and details follow from the manager.`,
  /** The answer to a vendor's question about the one job on offer: the offer, said again. */
  jobAgain: (job: JobSummary, timeZone: string) => `Here is the job again. ${texts.offer(job, timeZone)}`,
  taken: (code: string) => `Job ${code} has been taken, thank you. No action needed.`,
  declined: (code: string) => `Got it, you passed on job ${code}. Thanks for letting us know.`,
  whichJob: (codes: string[]) =>
    `You have ${codes.length} open jobs (${codes.join(', ')}). Reply YES or NO with the code, e.g. YES ${codes[0]}.`,
  instructions: () =>
    'Sorry, we did not understand. Reply YES or NO followed by the job code, e.g. YES K7Q2.',
  noOpenJob: () => 'You have no open job offers right now. Thanks!',
  residentBooked: (job: JobSummary, vendorName: string, timeZone: string) =>
    `Fixline: ${vendorName} will come for ticket ${job.code} (${shorten(job.description, 50)}), ` +
    `${formatWindow(job.windowStart, job.windowEnd, timeZone)}. Reply here if that does not work.`,
  landlordBooked: (job: JobSummary, vendorName: string, timeZone: string) =>
    `Fixline: ticket ${job.code} at ${where(job)} booked with ${vendorName}, ` +
    `${formatWindow(job.windowStart, job.windowEnd, timeZone)}.`,
  escalation: (job: JobSummary, severity: string, reason: string) =>
    `Fixline ESCALATION ${job.code} (${severity}): ${shorten(job.description, 60)} at ${where(job)}. ${reason}`,
};
