// change_appointment: move a booked visit on — confirm it, mark it done, or call it off.
import { z } from 'zod';
import { changeAppointment } from '../booking/manual.ts';
import { actorOf } from './ticket-access.ts';
import { appointmentDto, appointmentOutput, idArg } from './ticket-shapes.ts';
import { defineTool } from './tool.ts';

export const changeAppointmentTool = defineTool({
  name: 'change_appointment',
  title: 'Confirm, complete or cancel a visit',
  description:
    'confirm: the tentative visit is confirmed. complete: the work is done and the ticket is ' +
    'completed. cancel: the visit is off, the ticket goes back to dispatching and vendors are asked ' +
    'again. Appointment ids are on the ticket (get_ticket).',
  input: z.strictObject({
    appointment_id: idArg.describe('The appointment, e.g. apt_… (see get_ticket).'),
    change: z.enum(['confirm', 'complete', 'cancel']),
  }),
  output: appointmentOutput,
  // cancel undoes a booking.
  annotations: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  principals: ['manager'],
  async handler(args, ctx) {
    const a = await changeAppointment(
      ctx.prisma,
      ctx.booking,
      actorOf(ctx),
      args.appointment_id,
      args.change,
    );
    return appointmentDto(a);
  },
  render: (a) => `Appointment ${a.id}: ${a.status}.`,
});
