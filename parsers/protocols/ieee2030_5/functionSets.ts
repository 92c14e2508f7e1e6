// IEEE 2030.5-2018 resources -> function set, by hand from the standard's clause structure (§8 common,
// §9 Device Capability ... §11 Power Status, Network Status, Log Event, Configuration, File (Software
// Download), §10.x DRLC, Metering, Pricing, Messaging, Billing, Prepayment, Flow Reservation, DER, and
// Metering Mirror). The resource list itself is the set of global elements of sep.xsd (generated/).

const EXACT: Readonly<Record<string, string>> = {
  DeviceCapability: 'Device Capability',
  SelfDevice: 'Self Device Resource',
  EndDevice: 'End Device Resource', EndDeviceList: 'End Device Resource', Registration: 'End Device Resource',
  DeviceInformation: 'Device Information', DRLCCapabilities: 'Device Information', SupportedLocaleList: 'Device Information',
  SupportedLocale: 'Device Information',
  DeviceStatus: 'Device Status',
  PowerStatus: 'Power Status', PEVInfo: 'Power Status',
  Time: 'Time',
  Configuration: 'Configuration', PowerConfiguration: 'Configuration', PriceResponseCfg: 'Configuration',
  PriceResponseCfgList: 'Configuration', TimeConfiguration: 'Configuration',
  Notification: 'Subscription/Notification', NotificationList: 'Subscription/Notification',
  Subscription: 'Subscription/Notification', SubscriptionList: 'Subscription/Notification', SubscriptionBase: 'Subscription/Notification',
  Condition: 'Subscription/Notification',
  ServiceSupplier: 'Billing', ServiceSupplierList: 'Billing',
  AccountBalance: 'Prepayment', SupplyInterruptionOverride: 'Prepayment', SupplyInterruptionOverrideList: 'Prepayment',
  ApplianceLoadReduction: 'DRLC', DutyCycle: 'DRLC', Offset: 'DRLC', SetPoint: 'DRLC', TargetReduction: 'DRLC',
  LoadShedAvailability: 'DRLC', LoadShedAvailabilityList: 'DRLC',
  ReadingType: 'Metering', Reading: 'Metering', ReadingList: 'Metering', ReadingSet: 'Metering', ReadingSetList: 'Metering',
  RateComponent: 'Pricing', RateComponentList: 'Pricing', ConsumptionTariffInterval: 'Pricing',
  ConsumptionTariffIntervalList: 'Pricing', TimeTariffInterval: 'Pricing', TimeTariffIntervalList: 'Pricing',
  PowerOfTenMultiplierType: 'Common', UomType: 'Common', VersionType: 'Common',
};

const PREFIXES: ReadonlyArray<[RegExp, string]> = [
  [/^Mirror/, 'Metering Mirror'],
  [/^(DER|DefaultDERControl|FreqDroop|CurrentDERProgramLink|AssociatedDERProgramList)/, 'DER'],
  [/^(EndDeviceControl|DemandResponseProgram|DRLC)/, 'DRLC'],
  [/^(UsagePoint|MeterReading)/, 'Metering'],
  [/^(Tariff|Price)/, 'Pricing'],
  [/^(TextMessage|MessagingProgram)/, 'Messaging'],
  [/^(CustomerAccount|CustomerAgreement|BillingPeriod|BillingReading|HistoricalReading|ProjectionReading|TargetReading|Charge)/, 'Billing'],
  [/^(Prepayment|CreditRegister|PrepayOperationStatus)/, 'Prepayment'],
  [/^FlowReservation/, 'Flow Reservation'],
  [/^File/, 'Software Download'],
  [/^LogEvent/, 'Log Event'],
  [/^(IPInterface|IPAddr|LLInterface|RPLInstance|RPLSourceRoutes|Neighbor|Loss|PriorityFlow)/, 'Network Status'],
  [/^FunctionSetAssignments/, 'Function Set Assignments'],
  [/^(Response|DrResponse|PriceResponse|TextResponse|ResponseSet)/, 'Response'],
  [/^(Subscri|Notification)/, 'Subscription/Notification'],
  [/^(Link|List|Resource|IdentifiedObject|Event|RandomizableEvent|RespondableResource|SubscribableResource)/, 'Common'],
];

/** Function set of a 2030.5 resource name (csipaus extension elements are reported as DER). */
export function functionSetOf(name: string): string | undefined {
  const e = EXACT[name];
  if (e) return e;
  for (const [re, fs] of PREFIXES) if (re.test(name)) return fs;
  return undefined;
}
