// HomePlug AV / Green PHY management message types (MMTYPE) and vendor OUIs. Sources: HomePlug AV 1.1 / AV2
// specification Table 11-2 (public MMEs, base values; the two low bits select .REQ/.CNF/.IND/.RSP), HomePlug
// Green PHY 1.1 and ISO 15118-3 Annex A (SLAC MMEs 0x6064-0x6087), the Qualcomm Atheros vendor MME list of
// open-plc-utils (OUI 00:B0:52), ST/IoTecha (OUI 00:80:E1), and dSPACE's SCS diagnostic MME (OUI 64:4D:70).
// SLAC names follow docs/output-contract.md (`CM_SLAC_PARAM`, the spelling of open-plc-utils and pyPLC;
// the HomePlug GP spec and Wireshark write `CM_SLAC_PARM`).

export const ETHERTYPE_HOMEPLUG_AV = 0x88e1;

export const OUI_QUALCOMM = '00:b0:52';
export const OUI_ST_IOTECHA = '00:80:e1';
export const OUI_DSPACE = '64:4d:70';
export const OUI_SPIDCOM = '00:13:d7';

export const VENDOR_NAMES: ReadonlyMap<string, string> = new Map([
  [OUI_QUALCOMM, 'Qualcomm Atheros'],
  [OUI_ST_IOTECHA, 'ST/IoTecha'],
  [OUI_DSPACE, 'dSPACE'],
  [OUI_SPIDCOM, 'SPiDCOM'],
]);

export const MMTYPE_SUFFIX = ['.REQ', '.CNF', '.IND', '.RSP'] as const;
export type HomePlugKind = 'request' | 'response' | 'notification';
/** .REQ -> request, .CNF -> response (confirms a request), .IND -> notification, .RSP -> response (to an .IND). */
export const MMTYPE_KIND: readonly HomePlugKind[] = ['request', 'response', 'notification', 'response'];

/** Public MMEs (MMTYPE 0x0000-0x7FFF), by base value. */
export const PUBLIC_MMTYPES: ReadonlyMap<number, string> = new Map([
  [0x0000, 'CC_CCO_APPOINT'],
  [0x0004, 'CC_BACKUP_APPOINT'],
  [0x0008, 'CC_LINK_INFO'],
  [0x000c, 'CC_HANDOVER'],
  [0x0010, 'CC_HANDOVER_INFO'],
  [0x0014, 'CC_DISCOVER_LIST'],
  [0x0018, 'CC_LINK_NEW'],
  [0x001c, 'CC_LINK_MOD'],
  [0x0020, 'CC_LINK_SQZ'],
  [0x0024, 'CC_LINK_REL'],
  [0x0028, 'CC_DETECT_REPORT'],
  [0x002c, 'CC_WHO_RU'],
  [0x0030, 'CC_ASSOC'],
  [0x0034, 'CC_LEAVE'],
  [0x0038, 'CC_SET_TEI_MAP'],
  [0x003c, 'CC_RELAY'],
  [0x0040, 'CC_BEACON_RELIABILITY'],
  [0x0044, 'CC_ALLOC_MOVE'],
  [0x0048, 'CC_ACCESS_NEW'],
  [0x004c, 'CC_ACCESS_REL'],
  [0x0050, 'CC_DCPPC'],
  [0x0054, 'CC_HP1_DET'],
  [0x0058, 'CC_BLE_UPDATE'],
  [0x005c, 'CC_BCAST_REPEAT'],
  [0x0060, 'CC_MH_LINK_NEW'],
  [0x0064, 'CC_ISP_DETECTION_REPORT'],
  [0x0068, 'CC_ISP_START_RESYNC'],
  [0x006c, 'CC_ISP_FINISH_RESYNC'],
  [0x0070, 'CC_ISP_RESYNC_DETECTED'],
  [0x0074, 'CC_ISP_RESYNC_TRANSMIT'],
  [0x0078, 'CC_POWERSAVE'],
  [0x007c, 'CC_POWERSAVE_EXIT'],
  [0x0080, 'CC_POWERSAVE_LIST'],
  [0x0084, 'CC_STOP_POWERSAVE'],
  [0x2000, 'CP_PROXY_APPOINT'],
  [0x2004, 'PH_PROXY_APPOINT'],
  [0x2008, 'CP_PROXY_WAKE'],
  [0x4000, 'NN_INL'],
  [0x4004, 'NN_NEW_NET'],
  [0x4008, 'NN_ADD_ALLOC'],
  [0x400c, 'NN_REL_ALLOC'],
  [0x4010, 'NN_REL_NET'],
  [0x6000, 'CM_UNASSOCIATED_STA'],
  [0x6004, 'CM_ENCRYPTED_PAYLOAD'],
  [0x6008, 'CM_SET_KEY'],
  [0x600c, 'CM_GET_KEY'],
  [0x6010, 'CM_SC_JOIN'],
  [0x6014, 'CM_CHAN_EST'],
  [0x6018, 'CM_TM_UPDATE'],
  [0x601c, 'CM_AMP_MAP'],
  [0x6020, 'CM_BRG_INFO'],
  [0x6024, 'CM_CONN_NEW'],
  [0x6028, 'CM_CONN_REL'],
  [0x602c, 'CM_CONN_MOD'],
  [0x6030, 'CM_CONN_INFO'],
  [0x6034, 'CM_STA_CAP'],
  [0x6038, 'CM_NW_INFO'],
  [0x603c, 'CM_GET_BEACON'],
  [0x6040, 'CM_HFID'],
  [0x6044, 'CM_MME_ERROR'],
  [0x6048, 'CM_NW_STATS'],
  [0x604c, 'CM_LINK_STATS'],
  [0x6050, 'CM_ROUTE_INFO'],
  [0x6054, 'CM_UNREACHABLE'],
  [0x6058, 'CM_MH_CONN_NEW'],
  [0x605c, 'CM_EXTENDED_TONEMASK'],
  [0x6060, 'CM_STA_IDENTIFY'],
  // HomePlug Green PHY 1.1 / ISO 15118-3 Annex A
  [0x6064, 'CM_SLAC_PARAM'],
  [0x6068, 'CM_START_ATTEN_CHAR'],
  [0x606c, 'CM_ATTEN_CHAR'],
  [0x6070, 'CM_PKCS_CERT'],
  [0x6074, 'CM_MNBC_SOUND'],
  [0x6078, 'CM_VALIDATE'],
  [0x607c, 'CM_SLAC_MATCH'],
  [0x6080, 'CM_SLAC_USER_DATA'],
  [0x6084, 'CM_ATTEN_PROFILE'],
]);

/** Qualcomm Atheros vendor MMEs (OUI 00:B0:52), by base value (open-plc-utils mme/MMEName.c, qualcomm.h). */
export const QUALCOMM_MMTYPES: ReadonlyMap<number, string> = new Map([
  [0xa000, 'VS_SW_VER'],
  [0xa004, 'VS_WR_MEM'],
  [0xa008, 'VS_RD_MEM'],
  [0xa00c, 'VS_ST_MAC'],
  [0xa010, 'VS_GET_NVM'],
  [0xa014, 'VS_RSVD_1'],
  [0xa018, 'VS_RSVD_2'],
  [0xa01c, 'VS_RS_DEV'],
  [0xa020, 'VS_WR_MOD'],
  [0xa024, 'VS_RD_MOD'],
  [0xa028, 'VS_MOD_NVM'],
  [0xa02c, 'VS_WD_RPT'],
  [0xa030, 'VS_LNK_STATS'],
  [0xa034, 'VS_SNIFFER'],
  [0xa038, 'VS_NW_INFO'],
  [0xa040, 'VS_CP_RPT'],
  [0xa044, 'VS_ARPC'],
  [0xa048, 'VS_FR_LBK'],
  [0xa04c, 'VS_LBK_STAT'],
  [0xa050, 'VS_SET_KEY'],
  [0xa054, 'VS_MFG_STRING'],
  [0xa058, 'VS_RD_CBLOCK'],
  [0xa05c, 'VS_SET_SDRAM'],
  [0xa060, 'VS_HOST_ACTION'],
  [0xa064, 'VS_RD_BLK_NVM'],
  [0xa068, 'VS_OP_ATTRIBUTES'],
  [0xa06c, 'VS_ENET_SETTINGS'],
  [0xa070, 'VS_TONE_MAP_CHAR'],
  [0xa074, 'VS_NW_INFO_STATS'],
  [0xa078, 'VS_SLAVE_MEM'],
  [0xa07c, 'VS_FAC_DEFAULTS'],
  [0xa080, 'VS_PTS_NVM'],
  [0xa084, 'VS_MULTICAST_INFO'],
  [0xa088, 'VS_CLASSIFICATION'],
  [0xa08c, 'VS_DIAG_STAGE'],
  [0xa090, 'VS_RX_TONE_MAP_CHAR'],
  [0xa094, 'VS_SET_LED_BEHAVIOR'],
  [0xa098, 'VS_WRITE_AND_EXECUTE_APPLET'],
  [0xa09c, 'VS_MDIO_COMMAND'],
  [0xa0a0, 'VS_SLAVE_REG'],
  [0xa0a4, 'VS_BANDWIDTH_LIMITING'],
  [0xa0a8, 'VS_SNID_OPERATION'],
  [0xa0ac, 'VS_NN_MITIGATE'],
  [0xa0b0, 'VS_MODULE_OPERATION'],
  [0xa0b4, 'VS_DIAG_NETWORK_PROBE'],
  [0xa0b8, 'VS_PL_LINK_STATUS'],
  [0xa0bc, 'VS_GPIO_STATE_CHANGE'],
  [0xa0c0, 'VS_CONN_ADD'],
  [0xa0c4, 'VS_CONN_MOD'],
  [0xa0c8, 'VS_CONN_REL'],
  [0xa0cc, 'VS_CONN_INFO'],
  [0xa0d0, 'VS_MULTIPORT_LNK_STA'],
  [0xa0d4, 'VS_RAND_MAC_ADDR'],
  [0xa0d8, 'VS_CUST_INFO'],
  [0xa0dc, 'VS_EM_ID_TABLE'],
  [0xa0e0, 'VS_STANDBY'],
  [0xa0e4, 'VS_SLEEPSCHEDULE'],
  [0xa0e8, 'VS_SLEEPSCHEDULE_NOTIFICATION'],
  [0xa0f0, 'VS_MICROCONTROLLER_DIAG'],
  [0xa0f4, 'VS_DEBUG_INFO'],
  [0xa0f8, 'VS_GET_PROPERTY'],
  [0xa100, 'VS_SET_PROPERTY'],
  [0xa104, 'VS_PHYSWITCH_MDIO'],
  [0xa108, 'VS_FLASH_ERASE'],
  [0xa10c, 'VS_SELFTEST_ONETIME_CONFIG'],
  [0xa110, 'VS_SELFTEST_RESULTS'],
  [0xa114, 'VS_MDU_TRAFFIC_STATS'],
  [0xa118, 'VS_FORWARD_CONFIG'],
  [0xa148, 'VS_ACCESS_LEVEL_CONTROL'],
  // Sent by QCA7420/AR7420 firmware during SLAC sounding instead of CM_ATTEN_PROFILE (name as dsV2Gshark gives it).
  [0xa14c, 'VS_ATTENUATION_CHARACTERISTICS'],
  [0xa200, 'VS_HYBRID_INFO'],
]);

/** ST/IoTecha vendor MMEs (OUI 00:80:E1) known here, by base value (names as Wireshark gives them). */
export const ST_MMTYPES: ReadonlyMap<number, string> = new Map([
  [0xa22c, 'STP_CPSTATE'],
]);

/** dSPACE (OUI 64:4D:70) manufacturer-specific MMEs, by base value. */
export const DSPACE_MMTYPES: ReadonlyMap<number, string> = new Map([
  [0x8000, 'DSPACE_SCS_DIAG'],
]);

/** Qualcomm device ids (VS_SW_VER.CNF MDEVICEID). */
export const QUALCOMM_DEVICE_IDS: ReadonlyMap<number, string> = new Map([
  [0x01, 'INT6000'],
  [0x02, 'INT6300'],
  [0x03, 'INT6400'],
  [0x04, 'AR7400'],
  [0x05, 'AR6405'],
  [0x20, 'QCA7450/QCA7420'],
  [0x21, 'QCA6410/QCA6411'],
  [0x22, 'QCA7000'],
]);
