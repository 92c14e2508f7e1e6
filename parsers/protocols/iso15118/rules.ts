// Sequence and timing rules of the V2G application protocols, as tables:
// - which request may follow which (the EVCC/SECC communication state machines: DIN SPEC 70121 §9.6 and
//   Figure 76-78 (DC only), ISO 15118-2 §8.8.2 Figures 107/108 (AC and DC), ISO 15118-20 §8.8 message
//   sequencing; renegotiation, metering receipts and early SessionStop paths included);
// - the EVCC message timeouts: DIN 70121 Table 75 (2 s, CurrentDemand 0.25 s), ISO 15118-2 Table 109
//   (2 s; ServiceDetail, PaymentDetails, CertificateInstallation/Update and PowerDelivery 5 s; CurrentDemand
//   0.25 s), ISO 15118-20 Tables 216/217 (2 s; CertificateInstallation and ServiceDetail 5 s; AC/DC/WPT
//   ChargeLoop 0.5 s), supportedAppProtocol 2 s;
// - V2G_SECC_Sequence_Timeout (60 s between a response and the next request; all three protocols);
// - the loop timeouts V2G_EVCC_CableCheck_Timeout (40 s) and V2G_EVCC_PreCharge_Timeout (7 s DIN/ISO-2,
//   10 s ISO-20), V2G_EVCC_Ongoing_Timeout (60 s).

export type Family = 'din' | 'iso2' | 'iso20';

export const SEQUENCE_TIMEOUT_MS = 60_000;
export const SAP_TIMEOUT_MS = 2_000;

const START = '';

function graph(entries: [string, string[]][]): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map(entries.map(([k, v]) => [k, new Set(v)]));
}

const DIN_STOP = 'SessionStopReq';

/** Allowed next request after each request (the key '' = first request after the handshake). */
export const NEXT_REQUEST: Record<Family, ReadonlyMap<string, ReadonlySet<string>>> = {
  din: graph([
    [START, ['SessionSetupReq']],
    ['SessionSetupReq', ['ServiceDiscoveryReq']],
    ['ServiceDiscoveryReq', ['ServicePaymentSelectionReq']],
    ['ServicePaymentSelectionReq', ['ContractAuthenticationReq']],
    ['ContractAuthenticationReq', ['ContractAuthenticationReq', 'ChargeParameterDiscoveryReq', DIN_STOP]],
    ['ChargeParameterDiscoveryReq', ['ChargeParameterDiscoveryReq', 'CableCheckReq', DIN_STOP]],
    ['CableCheckReq', ['CableCheckReq', 'PreChargeReq', DIN_STOP]],
    ['PreChargeReq', ['PreChargeReq', 'PowerDeliveryReq', DIN_STOP]],
    ['PowerDeliveryReq', ['CurrentDemandReq', 'WeldingDetectionReq', DIN_STOP]],
    ['CurrentDemandReq', ['CurrentDemandReq', 'PowerDeliveryReq']],
    ['WeldingDetectionReq', ['WeldingDetectionReq', DIN_STOP]],
    [DIN_STOP, []],
  ]),
  iso2: graph([
    [START, ['SessionSetupReq']],
    ['SessionSetupReq', ['ServiceDiscoveryReq']],
    ['ServiceDiscoveryReq', ['ServiceDetailReq', 'PaymentServiceSelectionReq']],
    ['ServiceDetailReq', ['ServiceDetailReq', 'PaymentServiceSelectionReq']],
    ['PaymentServiceSelectionReq', ['AuthorizationReq', 'PaymentDetailsReq', 'CertificateInstallationReq', 'CertificateUpdateReq']],
    ['CertificateInstallationReq', ['PaymentDetailsReq']],
    ['CertificateUpdateReq', ['PaymentDetailsReq']],
    ['PaymentDetailsReq', ['AuthorizationReq']],
    ['AuthorizationReq', ['AuthorizationReq', 'ChargeParameterDiscoveryReq', 'SessionStopReq']],
    ['ChargeParameterDiscoveryReq', ['ChargeParameterDiscoveryReq', 'CableCheckReq', 'PowerDeliveryReq', 'SessionStopReq']],
    ['CableCheckReq', ['CableCheckReq', 'PreChargeReq', 'SessionStopReq']],
    ['PreChargeReq', ['PreChargeReq', 'PowerDeliveryReq', 'SessionStopReq']],
    ['PowerDeliveryReq', ['ChargingStatusReq', 'CurrentDemandReq', 'WeldingDetectionReq', 'SessionStopReq', 'ChargeParameterDiscoveryReq']],
    ['ChargingStatusReq', ['ChargingStatusReq', 'MeteringReceiptReq', 'PowerDeliveryReq']],
    ['CurrentDemandReq', ['CurrentDemandReq', 'MeteringReceiptReq', 'PowerDeliveryReq']],
    ['MeteringReceiptReq', ['ChargingStatusReq', 'CurrentDemandReq', 'PowerDeliveryReq']],
    ['WeldingDetectionReq', ['WeldingDetectionReq', 'SessionStopReq']],
    ['SessionStopReq', []],
  ]),
  iso20: graph([
    [START, ['SessionSetupReq']],
    ['SessionSetupReq', ['AuthorizationSetupReq']],
    ['AuthorizationSetupReq', ['AuthorizationReq', 'CertificateInstallationReq']],
    ['CertificateInstallationReq', ['AuthorizationReq', 'CertificateInstallationReq']],
    ['AuthorizationReq', ['AuthorizationReq', 'ServiceDiscoveryReq', 'SessionStopReq']],
    ['ServiceDiscoveryReq', ['ServiceDetailReq', 'ServiceSelectionReq']],
    ['ServiceDetailReq', ['ServiceDetailReq', 'ServiceSelectionReq']],
    ['ServiceSelectionReq', ['DC_ChargeParameterDiscoveryReq', 'AC_ChargeParameterDiscoveryReq', 'WPT_ChargeParameterDiscoveryReq', 'WPT_FinePositioningSetupReq', 'ACDP_VehiclePositioningReq', 'SessionStopReq']],
    ['DC_ChargeParameterDiscoveryReq', ['ScheduleExchangeReq', 'SessionStopReq']],
    ['AC_ChargeParameterDiscoveryReq', ['ScheduleExchangeReq', 'SessionStopReq']],
    ['WPT_ChargeParameterDiscoveryReq', ['ScheduleExchangeReq', 'SessionStopReq']],
    ['ScheduleExchangeReq', ['ScheduleExchangeReq', 'DC_CableCheckReq', 'PowerDeliveryReq', 'SessionStopReq']],
    ['DC_CableCheckReq', ['DC_CableCheckReq', 'DC_PreChargeReq', 'SessionStopReq']],
    ['DC_PreChargeReq', ['DC_PreChargeReq', 'PowerDeliveryReq', 'SessionStopReq']],
    ['PowerDeliveryReq', ['AC_ChargeLoopReq', 'DC_ChargeLoopReq', 'WPT_ChargeLoopReq', 'DC_WeldingDetectionReq', 'SessionStopReq', 'ScheduleExchangeReq', 'PowerDeliveryReq', 'DC_PreChargeReq']],
    ['AC_ChargeLoopReq', ['AC_ChargeLoopReq', 'PowerDeliveryReq', 'MeteringConfirmationReq']],
    ['DC_ChargeLoopReq', ['DC_ChargeLoopReq', 'PowerDeliveryReq', 'MeteringConfirmationReq']],
    ['WPT_ChargeLoopReq', ['WPT_ChargeLoopReq', 'PowerDeliveryReq', 'MeteringConfirmationReq']],
    ['MeteringConfirmationReq', ['AC_ChargeLoopReq', 'DC_ChargeLoopReq', 'WPT_ChargeLoopReq', 'PowerDeliveryReq']],
    ['DC_WeldingDetectionReq', ['DC_WeldingDetectionReq', 'SessionStopReq']],
    // SessionStopReq with ChargingSession = ServiceRenegotiation continues with ServiceDiscoveryReq.
    ['SessionStopReq', ['ServiceDiscoveryReq']],
  ]),
};

/** Request names the sequence check knows for each family (others, e.g. ACDP/WPT details, are not judged). */
export function knownRequest(f: Family, name: string): boolean {
  return NEXT_REQUEST[f].has(name);
}

const TIMEOUTS: Record<Family, ReadonlyMap<string, number>> = {
  din: new Map([['CurrentDemandReq', 250]]),
  iso2: new Map([
    ['ServiceDetailReq', 5000],
    ['PaymentDetailsReq', 5000],
    ['CertificateInstallationReq', 5000],
    ['CertificateUpdateReq', 5000],
    ['PowerDeliveryReq', 5000],
    ['CurrentDemandReq', 250],
  ]),
  iso20: new Map([
    ['CertificateInstallationReq', 5000],
    ['ServiceDetailReq', 5000],
    ['AC_ChargeLoopReq', 500],
    ['DC_ChargeLoopReq', 500],
    ['WPT_ChargeLoopReq', 500],
  ]),
};

/** EVCC message timeout (ms) for a request: how long the EV waits for its response. */
export function messageTimeoutMs(f: Family, requestName: string): number {
  return TIMEOUTS[f].get(requestName) ?? 2000;
}

/** Loops bounded as a whole: [request name, limit ms, timer name]. */
export const LOOP_TIMEOUTS: Record<Family, ReadonlyMap<string, [number, string]>> = {
  din: new Map([
    ['CableCheckReq', [40_000, 'V2G_EVCC_CableCheck_Timeout']],
    ['PreChargeReq', [7_000, 'V2G_EVCC_PreCharge_Timeout']],
  ]),
  iso2: new Map([
    ['CableCheckReq', [40_000, 'V2G_EVCC_CableCheck_Timeout']],
    ['PreChargeReq', [7_000, 'V2G_EVCC_PreCharge_Timeout']],
  ]),
  iso20: new Map([
    ['DC_CableCheckReq', [40_000, 'V2G_EVCC_CableCheck_Timeout']],
    ['DC_PreChargeReq', [10_000, 'V2G_EVCC_PreCharge_Timeout']],
  ]),
};
