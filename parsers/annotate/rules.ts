// The default use-case rules of docs/domain.md ("How messages map to use cases"), as data.
// A rule matches a protocol and message name, optionally a condition on the decoded body; every match
// adds its categories and tags and leaves evidence (rule id + the field that matched) on the message.

export type Condition =
  /** some field named `key` (anywhere in the body) holds a number below `lt` */
  | { key: string | string[]; lt: number }
  /** some field named `key` holds a number above `gt` */
  | { key: string | string[]; gt: number }
  /** fields named `key` occur at least `count` times (array elements counted one by one) */
  | { key: string | string[]; count: number }
  /** some field named `key` exists anywhere in the body */
  | { key: string | string[]; exists: true }
  /** some field named `key` holds one of the strings */
  | { key: string | string[]; in: string[] };

export interface AnnotationRule {
  id: string;
  protocols: string[];
  /** Message names; '*' matches any. */
  names: string[];
  when?: Condition;
  categories: string[];
  tags: string[];
  why: string;
}

const OCPP_SMART_CHARGING = ['SetChargingProfile', 'ClearChargingProfile', 'GetCompositeSchedule', 'NotifyChargingLimit',
  'ClearedChargingLimit', 'ReportChargingProfiles', 'GetChargingProfiles'];
/** Messages whose OCPP 2.1 payload can carry a V2X operation mode or discharge limits. */
const OCPP_SCHEDULE_CARRIERS = [...OCPP_SMART_CHARGING, 'NotifyEVChargingSchedule', 'NotifyEVChargingNeeds',
  'RequestStartTransaction', 'TransactionEvent', 'PullDynamicScheduleUpdate', 'UpdateDynamicSchedule'];
const OCPP_21_TARIFF = ['SetDefaultTariff', 'GetTariffs', 'ClearTariffs', 'ChangeTransactionTariff', 'NotifySettlement'];
const OCPP_21_DER = ['SetDERControl', 'GetDERControl', 'ClearDERControl', 'NotifyDERAlarm', 'ReportDERControl',
  'NotifyDERStartStop', 'NotifyAllowedEnergyTransfer', 'AFRRSignal', 'UsePriorityCharging'];

export const DEFAULT_RULES: AnnotationRule[] = [
  {
    id: 'ocpp.smart-charging', protocols: ['ocpp'], names: OCPP_SMART_CHARGING,
    categories: ['demand-mitigation'], tags: ['V1G'],
    why: 'OCPP smart-charging message: limits and schedules set by the NSP',
  },
  {
    id: 'ocpp.smart-charging.discharge', protocols: ['ocpp'], names: OCPP_SMART_CHARGING,
    when: { key: 'limit', lt: 0 },
    categories: ['two-way-flow'], tags: ['V2G'],
    why: 'a charging-schedule limit below zero asks the vehicle to discharge',
  },
  {
    id: 'ocpp.v2x-operation-mode', protocols: ['ocpp'], names: OCPP_SCHEDULE_CARRIERS,
    when: { key: ['operationMode', 'v2xFreqWattCurve', 'v2xSignalWattCurve', 'dischargeLimit'], exists: true },
    categories: ['two-way-flow'], tags: ['V2G'],
    why: 'OCPP 2.1 V2X operation mode or discharge limit',
  },
  {
    id: 'ocpp.der-control', protocols: ['ocpp'], names: OCPP_21_DER,
    categories: ['two-way-flow', 'demand-mitigation'], tags: ['V2G'],
    why: 'OCPP 2.1 DER control of the charging station',
  },
  {
    id: 'ocpp.iso15118-data', protocols: ['ocpp'],
    names: ['NotifyEVChargingNeeds', 'NotifyEVChargingSchedule', 'Get15118EVCertificate', 'GetCertificateStatus'],
    categories: ['vgi-services'], tags: [],
    why: 'ISO 15118 data passed between the charger and the NSP',
  },
  {
    id: 'ocpp.price', protocols: ['ocpp'], names: ['CostUpdated', 'SetDisplayMessage', ...OCPP_21_TARIFF],
    categories: ['price-programs'], tags: [],
    why: 'price or tariff shown to the customer',
  },
  {
    id: 'ocpp.transaction-cost', protocols: ['ocpp'], names: ['TransactionEvent', 'StartTransaction', 'StopTransaction'],
    when: { key: ['totalCost', 'cost', 'tariffId', 'costDetails', 'tariff'], exists: true },
    categories: ['price-programs'], tags: [],
    why: 'transaction message carrying a cost or tariff',
  },
  {
    id: 'ocpp.services', protocols: ['ocpp'],
    names: ['MeterValues', 'TransactionEvent', 'StartTransaction', 'StopTransaction', 'Authorize', 'BootNotification',
      'StatusNotification', 'Heartbeat'],
    categories: ['vgi-services'], tags: [],
    why: 'metering, authorization, registration or availability',
  },
  {
    id: 'openadr.price-event', protocols: ['openadr'], names: ['oadrDistributeEvent'],
    when: { key: 'signalName', in: ['ELECTRICITY_PRICE', 'ENERGY_PRICE', 'DEMAND_CHARGE', 'BID_PRICE'] },
    categories: ['price-programs'], tags: [],
    why: 'OpenADR event with a price signal',
  },
  {
    id: 'openadr.dr-event', protocols: ['openadr'], names: ['oadrDistributeEvent'],
    when: { key: 'signalName', in: ['SIMPLE', 'simple', 'LOAD_DISPATCH', 'LOAD_CONTROL', 'CHARGE_STATE'] },
    categories: ['demand-mitigation'], tags: [],
    why: 'OpenADR demand-response event signal',
  },
  {
    id: 'openadr.aggregated', protocols: ['openadr'], names: ['oadrDistributeEvent', 'oadrCreateOpt'],
    when: { key: 'groupID', exists: true },
    categories: [], tags: ['aggregated'],
    why: 'the event or opt targets a group of resources',
  },
  {
    id: 'openadr.aggregated-resources', protocols: ['openadr'], names: ['oadrDistributeEvent', 'oadrCreateOpt'],
    when: { key: ['resourceID', 'venID'], count: 2 },
    categories: [], tags: ['aggregated'],
    why: 'the event or opt targets several resources',
  },
  {
    id: 'openadr.dr-response', protocols: ['openadr'], names: ['oadrCreatedEvent', 'oadrCreateOpt'],
    categories: ['demand-mitigation'], tags: [],
    why: 'VEN response or opt to a demand-response event',
  },
  {
    id: 'openadr.services', protocols: ['openadr'],
    names: ['oadrRegisterReport', 'oadrUpdateReport', 'oadrCreatePartyRegistration', 'oadrPoll', 'oadrQueryRegistration'],
    categories: ['vgi-services'], tags: [],
    why: 'OpenADR registration, reporting or polling',
  },
  {
    id: 'ieee2030_5.pricing', protocols: ['ieee2030.5'],
    names: ['TariffProfile', 'TariffProfileList', 'RateComponent', 'RateComponentList', 'TimeTariffInterval',
      'TimeTariffIntervalList', 'ConsumptionTariffInterval', 'ConsumptionTariffIntervalList'],
    categories: ['price-programs'], tags: [],
    why: 'IEEE 2030.5 pricing function set',
  },
  {
    id: 'ieee2030_5.der-control', protocols: ['ieee2030.5'],
    names: ['DERControl', 'DERControlList', 'DefaultDERControl', 'DERProgram', 'DERProgramList', 'EndDeviceControl',
      'EndDeviceControlList'],
    categories: ['demand-mitigation'], tags: [],
    why: 'IEEE 2030.5 DER or DRLC control',
  },
  {
    // sep.xsd: opModTargetW and opModFixedW are positive for generation (export), negative for consumption
    id: 'ieee2030_5.discharge', protocols: ['ieee2030.5'],
    names: ['DERControl', 'DERControlList', 'DefaultDERControl'],
    when: { key: ['opModFixedW', 'opModTargetW'], gt: 0 },
    categories: ['two-way-flow'], tags: ['V2G'],
    why: 'a DER control asking for export (a positive, generating set point)',
  },
  {
    id: 'ieee2030_5.services', protocols: ['ieee2030.5'],
    names: ['FlowReservationRequest', 'FlowReservationResponse', 'PowerStatus', 'MirrorUsagePoint', 'MeterReading',
      'EndDevice', 'EndDeviceList', 'Registration', 'DeviceCapability', 'Time'],
    categories: ['vgi-services'], tags: [],
    why: 'IEEE 2030.5 registration, metering, time or flow reservation',
  },
  {
    id: 'iso15118.price', protocols: ['iso15118-2', 'iso15118-20', 'din70121'],
    names: ['ChargeParameterDiscoveryRes', 'ScheduleExchangeRes'],
    when: { key: ['SalesTariff', 'AbsolutePriceSchedule', 'PriceLevelSchedule', 'SAScheduleList'], exists: true },
    categories: ['price-programs'], tags: ['V1G'],
    why: 'schedule or sales tariff offered to the vehicle',
  },
  {
    id: 'iso15118.schedule', protocols: ['iso15118-2', 'iso15118-20', 'din70121'],
    names: ['ScheduleExchangeReq', 'ScheduleExchangeRes'],
    categories: ['demand-mitigation'], tags: ['V1G'],
    why: 'schedule negotiation',
  },
  {
    id: 'iso15118.charging-profile', protocols: ['iso15118-2', 'iso15118-20', 'din70121'],
    names: ['PowerDeliveryReq'],
    when: { key: ['ChargingProfile', 'Scheduled_EVPPTControlMode', 'Dynamic_EVPPTControlMode'], exists: true },
    categories: ['demand-mitigation'], tags: ['V1G'],
    why: 'the vehicle commits to a charging profile',
  },
  {
    id: 'iso15118.renegotiation', protocols: ['iso15118-2', 'iso15118-20', 'din70121'],
    names: ['PowerDeliveryReq'],
    when: { key: 'ChargeProgress', in: ['Renegotiate', 'ScheduleRenegotiation'] },
    categories: ['demand-mitigation'], tags: ['V1G'],
    why: 'the vehicle renegotiates its schedule',
  },
  {
    id: 'iso15118.dc', protocols: ['iso15118-2', 'iso15118-20', 'din70121'],
    names: ['CableCheckReq', 'CableCheckRes', 'PreChargeReq', 'PreChargeRes', 'CurrentDemandReq', 'CurrentDemandRes',
      'WeldingDetectionReq', 'WeldingDetectionRes', 'DC_CableCheckReq', 'DC_CableCheckRes', 'DC_PreChargeReq',
      'DC_PreChargeRes', 'DC_ChargeLoopReq', 'DC_ChargeLoopRes', 'DC_WeldingDetectionReq', 'DC_WeldingDetectionRes'],
    categories: ['dc-flow'], tags: [],
    why: 'DC charging sequence',
  },
  {
    id: 'iso15118.bpt', protocols: ['iso15118-20'], names: ['*'],
    when: { key: ['BPT_AC_CPDReqEnergyTransferMode', 'BPT_DC_CPDReqEnergyTransferMode', 'BPT_AC_CPDResEnergyTransferMode',
      'BPT_DC_CPDResEnergyTransferMode', 'BPT_Scheduled_AC_CLReqControlMode', 'BPT_Dynamic_AC_CLReqControlMode',
      'BPT_Scheduled_DC_CLReqControlMode', 'BPT_Dynamic_DC_CLReqControlMode', 'BPT_Scheduled_AC_CLResControlMode',
      'BPT_Dynamic_AC_CLResControlMode', 'BPT_Scheduled_DC_CLResControlMode', 'BPT_Dynamic_DC_CLResControlMode'], exists: true },
    categories: ['two-way-flow'], tags: ['V2G'],
    why: 'bidirectional power transfer parameters',
  },
  {
    id: 'iso15118.pnc', protocols: ['iso15118-2', 'iso15118-20'],
    names: ['PaymentDetailsReq', 'PaymentDetailsRes', 'CertificateInstallationReq', 'CertificateInstallationRes',
      'CertificateUpdateReq', 'CertificateUpdateRes'],
    categories: ['vgi-services'], tags: [],
    why: 'Plug & Charge contract certificates',
  },
  {
    id: 'iso15118.pnc-authorization', protocols: ['iso15118-2', 'iso15118-20'],
    names: ['AuthorizationReq'],
    when: { key: ['GenChallenge', 'PnC_AReqAuthorizationMode'], exists: true },
    categories: ['vgi-services'], tags: [],
    why: 'Plug & Charge authorization with the contract certificate',
  },
  {
    id: 'v2g.setup', protocols: ['slac', 'sdp', 'apphandshake'], names: ['*'],
    categories: [], tags: ['other'],
    why: 'association, discovery or protocol negotiation that every EVSE-EV use case needs',
  },
];
