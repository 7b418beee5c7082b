/**
 * IPP operation ids by name (IANA "IPP Registrations", operation-id values; CUPS's own from
 * 0x4001), both ways, in Maps. Names are written as the registry writes them; `operationCode`
 * also takes CUPS's lower-case spelling (ipptool's `OPERATION get-printer-attributes`).
 *
 *   OPERATION_CODES.get('Get-Printer-Attributes')   // 0x000b
 *   OPERATION_NAMES.get(0x0002)                      // 'Print-Job'
 */
const OPERATION_LIST = [
  ['Print-Job', 0x0002],
  ['Print-URI', 0x0003],
  ['Validate-Job', 0x0004],
  ['Create-Job', 0x0005],
  ['Send-Document', 0x0006],
  ['Send-URI', 0x0007],
  ['Cancel-Job', 0x0008],
  ['Get-Job-Attributes', 0x0009],
  ['Get-Jobs', 0x000a],
  ['Get-Printer-Attributes', 0x000b],
  ['Hold-Job', 0x000c],
  ['Release-Job', 0x000d],
  ['Restart-Job', 0x000e],
  ['Pause-Printer', 0x0010],
  ['Resume-Printer', 0x0011],
  ['Purge-Jobs', 0x0012],
  ['Set-Printer-Attributes', 0x0013],
  ['Set-Job-Attributes', 0x0014],
  ['Get-Printer-Supported-Values', 0x0015],
  ['Create-Printer-Subscriptions', 0x0016],
  ['Create-Job-Subscriptions', 0x0017],
  ['Get-Subscription-Attributes', 0x0018],
  ['Get-Subscriptions', 0x0019],
  ['Renew-Subscription', 0x001a],
  ['Cancel-Subscription', 0x001b],
  ['Get-Notifications', 0x001c],
  ['Get-Resource-Attributes', 0x001e],
  ['Get-Resources', 0x0020],
  ['Enable-Printer', 0x0022],
  ['Disable-Printer', 0x0023],
  ['Pause-Printer-After-Current-Job', 0x0024],
  ['Hold-New-Jobs', 0x0025],
  ['Release-Held-New-Jobs', 0x0026],
  ['Deactivate-Printer', 0x0027],
  ['Activate-Printer', 0x0028],
  ['Restart-Printer', 0x0029],
  ['Shutdown-Printer', 0x002a],
  ['Startup-Printer', 0x002b],
  ['Reprocess-Job', 0x002c],
  ['Cancel-Current-Job', 0x002d],
  ['Suspend-Current-Job', 0x002e],
  ['Resume-Job', 0x002f],
  ['Promote-Job', 0x0030],
  ['Schedule-Job-After', 0x0031],
  ['Cancel-Document', 0x0033],
  ['Get-Document-Attributes', 0x0034],
  ['Get-Documents', 0x0035],
  ['Delete-Document', 0x0036],
  ['Set-Document-Attributes', 0x0037],
  ['Cancel-Jobs', 0x0038],
  ['Cancel-My-Jobs', 0x0039],
  ['Resubmit-Job', 0x003a],
  ['Close-Job', 0x003b],
  ['Identify-Printer', 0x003c],
  ['Validate-Document', 0x003d],
  ['Add-Document-Images', 0x003e],
  ['Acknowledge-Document', 0x003f],
  ['Acknowledge-Identify-Printer', 0x0040],
  ['Acknowledge-Job', 0x0041],
  ['Fetch-Document', 0x0042],
  ['Fetch-Job', 0x0043],
  ['Get-Output-Device-Attributes', 0x0044],
  ['Update-Active-Jobs', 0x0045],
  ['Deregister-Output-Device', 0x0046],
  ['Update-Document-Status', 0x0047],
  ['Update-Job-Status', 0x0048],
  ['Update-Output-Device-Attributes', 0x0049],
  ['Get-Next-Document-Data', 0x004a],
  ['Allocate-Printer-Resources', 0x004b],
  ['Create-Printer', 0x004c],
  ['Deallocate-Printer-Resources', 0x004d],
  ['Delete-Printer', 0x004e],
  ['Get-Printers', 0x004f],
  ['Shutdown-One-Printer', 0x0050],
  ['Startup-One-Printer', 0x0051],
  ['Cancel-Resource', 0x0052],
  ['Create-Resource', 0x0053],
  ['Install-Resource', 0x0054],
  ['Send-Resource-Data', 0x0055],
  ['Set-Resource-Attributes', 0x0056],
  ['Create-Resource-Subscriptions', 0x0057],
  ['Create-System-Subscriptions', 0x0058],
  ['Disable-All-Printers', 0x0059],
  ['Enable-All-Printers', 0x005a],
  ['Get-System-Attributes', 0x005b],
  ['Get-System-Supported-Values', 0x005c],
  ['Pause-All-Printers', 0x005d],
  ['Pause-All-Printers-After-Current-Job', 0x005e],
  ['Register-Output-Device', 0x005f],
  ['Restart-System', 0x0060],
  ['Resume-All-Printers', 0x0061],
  ['Set-System-Attributes', 0x0062],
  ['Shutdown-All-Printers', 0x0063],
  ['Startup-All-Printers', 0x0064],
  ['Get-Printer-Resources', 0x0065],
  ['Get-User-Printer-Attributes', 0x0066],
  ['Restart-One-Printer', 0x0067],
  ['CUPS-Get-Default', 0x4001],
  ['CUPS-Get-Printers', 0x4002],
  ['CUPS-Add-Modify-Printer', 0x4003],
  ['CUPS-Delete-Printer', 0x4004],
  ['CUPS-Get-Classes', 0x4005],
  ['CUPS-Add-Modify-Class', 0x4006],
  ['CUPS-Delete-Class', 0x4007],
  ['CUPS-Accept-Jobs', 0x4008],
  ['CUPS-Reject-Jobs', 0x4009],
  ['CUPS-Set-Default', 0x400a],
  ['CUPS-Get-Devices', 0x400b],
  ['CUPS-Get-PPDs', 0x400c],
  ['CUPS-Move-Job', 0x400d],
  ['CUPS-Authenticate-Job', 0x400e],
  ['CUPS-Get-PPD', 0x400f],
  ['CUPS-Get-Document', 0x4027],
  ['CUPS-Create-Local-Printer', 0x4028],
] as const;

export type OperationName = (typeof OPERATION_LIST)[number][0];

export const OPERATION_CODES: ReadonlyMap<OperationName, number> = new Map(OPERATION_LIST);
export const OPERATION_NAMES: ReadonlyMap<number, OperationName> = new Map(
  OPERATION_LIST.map(([name, code]) => [code, name]),
);

const BY_LOWER_CASE: ReadonlyMap<string, number> = new Map(
  OPERATION_LIST.map(([name, code]) => [name.toLowerCase(), code]),
);

/** The code of a registered operation (every name in the list has one). */
export function operationCode(name: OperationName): number {
  return OPERATION_CODES.get(name)!;
}

/** The code of an operation named in any case, as ipptool files and people write them. */
export function operationCodeOf(name: string): number | undefined {
  return BY_LOWER_CASE.get(name.toLowerCase());
}
