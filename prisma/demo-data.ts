// The seeds' demo: tenant t_demo, building b_hq with unit u_101 and neighbours, residents, vendors
// for every trade (two or more for the main ones, so round-robin is visible), and a landlord.
import type { Prisma } from '../generated/prisma/client.ts';

type Hours = { days: number[]; start: string; end: string }[];
const WEEKDAYS: Hours = [{ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }];
const EVERY_DAY: Hours = [{ days: [1, 2, 3, 4, 5, 6, 7], start: '07:00', end: '21:00' }];
const ALWAYS: Hours = [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }];

export const DEMO_TENANT: Prisma.TenantCreateInput = {
  id: 't_demo',
  name: 'Demo Property Management',
  timezone: 'America/New_York',
  smsNumber: '+15550001000',
};

export const DEMO_BUILDINGS: Prisma.BuildingUncheckedCreateInput[] = [
  {
    id: 'b_hq',
    tenantId: 't_demo',
    name: 'HQ Apartments',
    addressLine1: '12 Main St',
    city: 'Springfield',
    region: 'IL',
    postalCode: '62701',
    timezone: 'America/Chicago',
  },
  {
    id: 'b_annex',
    tenantId: 't_demo',
    name: 'Annex Lofts',
    addressLine1: '48 Elm Ave',
    city: 'Springfield',
    region: 'IL',
    postalCode: '62702',
    timezone: 'America/Chicago',
  },
];

export const DEMO_UNITS: Prisma.UnitUncheckedCreateInput[] = [
  { id: 'u_101', tenantId: 't_demo', buildingId: 'b_hq', label: '101', floor: 1 },
  { id: 'u_102', tenantId: 't_demo', buildingId: 'b_hq', label: '102', floor: 1 },
  { id: 'u_201', tenantId: 't_demo', buildingId: 'b_hq', label: '201', floor: 2 },
  { id: 'u_202', tenantId: 't_demo', buildingId: 'b_hq', label: '202', floor: 2 },
  { id: 'u_301', tenantId: 't_demo', buildingId: 'b_hq', label: '301', floor: 3 },
  { id: 'u_a1', tenantId: 't_demo', buildingId: 'b_annex', label: 'A1', floor: 1 },
];

export const DEMO_RESIDENTS: Prisma.ResidentUncheckedCreateInput[] = [
  { id: 'r_alice', tenantId: 't_demo', unitId: 'u_101', name: 'Alice Moreno', phone: '+15551230101' },
  { id: 'r_ben', tenantId: 't_demo', unitId: 'u_102', name: 'Ben Okafor', phone: '+15551230102' },
  {
    id: 'r_carmen',
    tenantId: 't_demo',
    unitId: 'u_201',
    name: 'Carmen Ruiz',
    phone: '+15551230201',
    language: 'es',
  },
  { id: 'r_dev', tenantId: 't_demo', unitId: 'u_301', name: 'Dev Patel', phone: '+15551230301' },
  { id: 'r_erin', tenantId: 't_demo', unitId: 'u_a1', name: 'Erin Walsh', phone: '+15551239001' },
];

function vendor(
  id: string,
  name: string,
  phone: string,
  trades: string[],
  priority: number,
  hours: Hours,
  timezone = 'America/Chicago',
): Prisma.VendorUncheckedCreateInput {
  return { id, tenantId: 't_demo', name, phone, trades, priority, hours, timezone, active: true };
}

export const DEMO_VENDORS: Prisma.VendorUncheckedCreateInput[] = [
  vendor('v_flowright', 'FlowRight Plumbing', '+15552000001', ['plumbing'], 10, ALWAYS),
  vendor('v_pipepros', 'Pipe Pros', '+15552000002', ['plumbing'], 10, WEEKDAYS),
  vendor('v_drainco', 'DrainCo', '+15552000003', ['plumbing'], 20, EVERY_DAY),
  vendor('v_brightwire', 'BrightWire Electric', '+15552000011', ['electrical'], 10, ALWAYS),
  vendor('v_voltage', 'Voltage Bros', '+15552000012', ['electrical'], 10, WEEKDAYS, 'America/New_York'),
  vendor('v_coolair', 'CoolAir HVAC', '+15552000021', ['hvac'], 10, EVERY_DAY),
  vendor('v_heatwave', 'Heatwave Heating & Air', '+15552000022', ['hvac'], 10, ALWAYS),
  vendor('v_keymaster', 'KeyMaster Locksmiths', '+15552000031', ['locksmith'], 10, ALWAYS),
  vendor('v_quicklock', 'QuickLock', '+15552000032', ['locksmith'], 20, WEEKDAYS),
  vendor('v_liftcare', 'LiftCare Elevators', '+15552000041', ['elevator'], 10, ALWAYS),
  vendor('v_upandup', 'Up & Up Elevator Service', '+15552000042', ['elevator'], 10, WEEKDAYS),
  vendor('v_fixitall', 'FixItAll Appliances', '+15552000051', ['appliance'], 10, WEEKDAYS),
  vendor('v_bugbusters', 'BugBusters Pest Control', '+15552000061', ['pest'], 10, WEEKDAYS),
  vendor('v_handyhelp', 'HandyHelp', '+15552000071', ['general', 'appliance'], 10, EVERY_DAY),
  vendor('v_allround', 'AllRound Maintenance', '+15552000072', ['general'], 10, WEEKDAYS),
];

export const DEMO_CONTACTS: Prisma.ContactUncheckedCreateInput[] = [
  {
    id: 'c_landlord',
    tenantId: 't_demo',
    name: 'Lena Landlord',
    role: 'landlord',
    phone: '+15553000001',
    email: 'lena@example.com',
    onCall: true,
  },
  {
    id: 'c_manager',
    tenantId: 't_demo',
    buildingId: 'b_hq',
    name: 'Marco Manager',
    role: 'property_manager',
    phone: '+15553000002',
    email: 'marco@example.com',
    onCall: false,
  },
];
