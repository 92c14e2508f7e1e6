// OCPP actions per version and which side may send each request (the schemas do not say it).
// Written by hand from the specifications:
//  - OCPP 1.6 edition 2, section 4 "Operations Initiated by Charge Point" and section 5 "Operations Initiated by
//    Central System", plus the OCPP 1.6 Security Whitepaper (edition 2/3) messages that the 1.6 schema set carries
//    (CertificateSigned ... SignedUpdateFirmware).
//  - OCPP 2.0.1 Part 2 (Specification), the message list of each functional block (A-P) and its sequence
//    diagrams: "Charging Station -> CSMS" or "CSMS -> Charging Station".
//  - OCPP 2.1 Part 2, the same for blocks A-S; new in 2.1: DER control (R), battery swap (S), bidirectional power
//    transfer (Q), payment (C), tariffs (I), periodic event streams (N), dynamic schedules and priority charging (K).
//    NotifyPeriodicEventStream is sent only as a SEND (MessageTypeId 6, Part 4 section 4.2.5), never answered.
// Public implementations disagree on NotifyWebPaymentStarted: the spec's use case C26 (web payment, the CSMS tells
// the station that a driver started paying via a QR code so it can show progress and wait `timeout` seconds) makes
// it CSMS -> Charging Station, which is what we use.
// Sides: 'cs' = the charging station / charge point (the WebSocket client), 'csms' = CSMS / central system (server).
import type { OcppVersion } from './version';

export type OcppSender = 'cs' | 'csms' | 'both';

const V16_CS = [
  'Authorize', 'BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat',
  'MeterValues', 'StartTransaction', 'StatusNotification', 'StopTransaction',
  // Security Whitepaper
  'LogStatusNotification', 'SecurityEventNotification', 'SignCertificate', 'SignedFirmwareStatusNotification',
];
const V16_CSMS = [
  'CancelReservation', 'ChangeAvailability', 'ChangeConfiguration', 'ClearCache', 'ClearChargingProfile',
  'GetCompositeSchedule', 'GetConfiguration', 'GetDiagnostics', 'GetLocalListVersion', 'RemoteStartTransaction',
  'RemoteStopTransaction', 'ReserveNow', 'Reset', 'SendLocalList', 'SetChargingProfile', 'TriggerMessage',
  'UnlockConnector', 'UpdateFirmware',
  // Security Whitepaper
  'CertificateSigned', 'DeleteCertificate', 'ExtendedTriggerMessage', 'GetInstalledCertificateIds', 'GetLog',
  'InstallCertificate', 'SignedUpdateFirmware',
];

const V201_CS = [
  'Authorize', 'BootNotification', 'ClearedChargingLimit', 'FirmwareStatusNotification', 'Get15118EVCertificate',
  'GetCertificateStatus', 'Heartbeat', 'LogStatusNotification', 'MeterValues', 'NotifyChargingLimit',
  'NotifyCustomerInformation', 'NotifyDisplayMessages', 'NotifyEVChargingNeeds', 'NotifyEVChargingSchedule',
  'NotifyEvent', 'NotifyMonitoringReport', 'NotifyReport', 'PublishFirmwareStatusNotification',
  'ReportChargingProfiles', 'ReservationStatusUpdate', 'SecurityEventNotification', 'SignCertificate',
  'StatusNotification', 'TransactionEvent',
];
const V201_CSMS = [
  'CancelReservation', 'CertificateSigned', 'ChangeAvailability', 'ClearCache', 'ClearChargingProfile',
  'ClearDisplayMessage', 'ClearVariableMonitoring', 'CostUpdated', 'CustomerInformation', 'DeleteCertificate',
  'GetBaseReport', 'GetChargingProfiles', 'GetCompositeSchedule', 'GetDisplayMessages', 'GetInstalledCertificateIds',
  'GetLocalListVersion', 'GetLog', 'GetMonitoringReport', 'GetReport', 'GetTransactionStatus', 'GetVariables',
  'InstallCertificate', 'PublishFirmware', 'RequestStartTransaction', 'RequestStopTransaction', 'ReserveNow', 'Reset',
  'SendLocalList', 'SetChargingProfile', 'SetDisplayMessage', 'SetMonitoringBase', 'SetMonitoringLevel',
  'SetNetworkProfile', 'SetVariableMonitoring', 'SetVariables', 'TriggerMessage', 'UnlockConnector',
  'UnpublishFirmware', 'UpdateFirmware',
];

const V21_CS_NEW = [
  'BatterySwap', 'ClosePeriodicEventStream', 'GetCertificateChainStatus', 'NotifyDERAlarm', 'NotifyDERStartStop',
  'NotifyPeriodicEventStream', 'NotifyPriorityCharging', 'NotifySettlement', 'OpenPeriodicEventStream',
  'PullDynamicScheduleUpdate', 'ReportDERControl', 'VatNumberValidation',
];
const V21_CSMS_NEW = [
  'AFRRSignal', 'AdjustPeriodicEventStream', 'ChangeTransactionTariff', 'ClearDERControl', 'ClearTariffs',
  'GetDERControl', 'GetPeriodicEventStream', 'GetTariffs', 'NotifyAllowedEnergyTransfer', 'NotifyWebPaymentStarted',
  'RequestBatterySwap', 'SetDefaultTariff', 'SetDERControl', 'UpdateDynamicSchedule', 'UsePriorityCharging',
];

function table(cs: string[], csms: string[]): ReadonlyMap<string, OcppSender> {
  const m = new Map<string, OcppSender>();
  for (const a of cs) m.set(a, 'cs');
  for (const a of csms) m.set(a, 'csms');
  m.set('DataTransfer', 'both');
  return m;
}

/** Version -> action -> who may send its request. Keys are exactly the actions of that version's schemas. */
export const OCPP_ACTIONS: Readonly<Record<OcppVersion, ReadonlyMap<string, OcppSender>>> = {
  '1.6': table(V16_CS, V16_CSMS),
  '2.0.1': table(V201_CS, V201_CSMS),
  '2.1': table([...V201_CS, ...V21_CS_NEW], [...V201_CSMS, ...V21_CSMS_NEW]),
};

/** 2.1 actions that are only sent as SEND (MessageTypeId 6) and never get a response. */
export const OCPP_SEND_ONLY: Readonly<Record<OcppVersion, ReadonlySet<string>>> = {
  '1.6': new Set(),
  '2.0.1': new Set(),
  '2.1': new Set(['NotifyPeriodicEventStream']),
};

/** The sender of `action`'s request in `version`, or undefined when the version has no such action. */
export function actionSender(version: OcppVersion, action: string): OcppSender | undefined {
  return OCPP_ACTIONS[version].get(action);
}
