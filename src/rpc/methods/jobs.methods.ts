/**
 * PaperCut's `api.processJob`: a job described by its `key=value,…` details string (jobs/job-details.ts)
 * is logged and charged by the charging service, as a job from a print queue would be. A job the
 * account or printer refuses is logged as denied and the call is a fault naming the reason, so a
 * script sees that nothing was charged.
 *
 *   proxy.api.processJob(token, 'user=alice,server=ps1,printer=library,total-pages=3,document-name=Essay.pdf')
 */
import { ConflictError } from '../../errors.js';
import { parseJobDetails } from '../../jobs/job-details.js';
import type { ApiMethod } from '../papercut-call.js';
import { s, str } from './args.js';

export const JOB_METHODS: ApiMethod[] = [
  {
    name: 'api.processJob',
    params: [str('jobDetails')],
    run: async (c, [text]) => {
      const details = parseJobDetails(s(text));
      const result = await c.services.charging.charge({
        username: details.user,
        server: details.server,
        printer: details.printer,
        pages: details.pages,
        colorPages: details.colorPages,
        copies: details.copies,
        duplex: details.duplex,
        paperSize: details.paperSize,
        documentName: details.documentName,
        clientMachine: details.clientMachine,
        ...(details.cost !== undefined ? { cost: details.cost } : {}),
        ...(details.sharedAccount !== undefined ? { sharedAccount: details.sharedAccount } : {}),
        ...(details.time !== undefined ? { time: details.time } : {}),
        origin: 'api',
      });
      if (result.status === 'denied') throw new ConflictError(`The job was denied: ${result.reason}`);
      return true;
    },
  },
];
