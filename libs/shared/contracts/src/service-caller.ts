/**
 * Who a call between services is made for. The api signs it into a short-lived service
 * token; memory and docs read it from the verified token, never from a header the caller picks.
 */
export interface ServiceCaller {
  /** The user the call is made for ("api" for the api's own work, e.g. the outbox relay). */
  subject: string;
  /** The memory namespace the call works in (memory calls only). */
  namespace?: string;
}
