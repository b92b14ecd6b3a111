/**
 * `AvailablePhoneNumbers.json` (the countries, answered without paging) and each country's numbers of a type:
 * US has local, toll-free and mobile numbers, GB local and mobile, DK local and toll-free.
 */
import { API_VERSION } from '../dataset.js';
import { seededRows, type Resource, type RowList, type SeededRows } from '../resource.js';
import { accounts, type AccountList } from './accounts.js';

const COUNTRIES = [
  { code: 'US', name: 'United States', types: ['local', 'toll_free', 'mobile'], prefix: '+1415555' },
  { code: 'GB', name: 'United Kingdom', types: ['local', 'mobile'], prefix: '+4420794' },
  { code: 'DK', name: 'Denmark', types: ['local', 'toll_free'], prefix: '+4532123' },
] as const;
type NumberType = 'local' | 'toll_free' | 'mobile';
const LISTS: Record<NumberType, string> = { local: 'Local', toll_free: 'TollFree', mobile: 'Mobile' };

export interface CountryResource {
  country_code: string;
  country: string;
  uri: string;
  beta: boolean;
  subresource_uris: Partial<Record<NumberType, string>>;
}

export class CountryList implements RowList {
  readonly length = COUNTRIES.length;

  constructor(readonly accountSid: string) {}

  sidAt(index: number): string {
    return COUNTRIES[index]?.code ?? '';
  }

  indexOf(code: string): number | undefined {
    const index = COUNTRIES.findIndex((country) => country.code === code);
    return index < 0 ? undefined : index;
  }

  typesAt(index: number): readonly NumberType[] {
    return COUNTRIES[index]?.types ?? [];
  }

  prefixAt(index: number): string {
    return COUNTRIES[index]?.prefix ?? '';
  }

  at(index: number): CountryResource {
    const country = COUNTRIES[index];
    if (country === undefined) throw new RangeError(`country index ${index} out of range`);
    const base = `/${API_VERSION}/Accounts/${this.accountSid}/AvailablePhoneNumbers/${country.code}`;
    return {
      country_code: country.code,
      country: country.name,
      uri: `${base}.json`,
      beta: false,
      subresource_uris: Object.fromEntries(country.types.map((type) => [type, `${base}/${LISTS[type]}.json`])),
    };
  }
}

export const countries: Resource<CountryList, AccountList> = {
  kind: 'available_phone_number_countries',
  path: '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers.json',
  itemsKey: 'countries',
  paging: 'none',
  maxPageSize: 1000,
  parent: accounts,
  instance: { kind: 'country', placeholder: 'CountryCode', sidPattern: /^[A-Z]{2}$/, malformed: 'not-found', unknown: 'not-found' },
  rows: ({ parent }) => new CountryList(parent.list.sidAt(parent.index)),
  filters: [],
};

export interface AvailablePhoneNumberResource {
  sid: string;
  friendly_name: string;
  phone_number: string;
  lata: string | null;
  locality: string | null;
  rate_center: string | null;
  latitude: string | null;
  longitude: string | null;
  region: string | null;
  postal_code: string | null;
  iso_country: string;
  address_requirements: string;
  beta: boolean;
  capabilities: { voice: boolean; SMS: boolean; MMS: boolean };
}

/** Three numbers of the type in a country that has it; a country without it answers 404, as Twilio does. */
function availableNumbers(type: NumberType): Resource<RowList, CountryList> {
  return {
    kind: `available_phone_numbers_${type}`,
    path: `/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/${LISTS[type]}.json`,
    itemsKey: 'available_phone_numbers',
    paging: '2010',
    maxPageSize: 1000,
    parent: countries,
    rows: (scope) => {
      const { list, index: country } = scope.parent;
      const count = list.typesAt(country).includes(type) ? 3 : 0;
      const rows = seededRows(scope, `available/${type}`, count, (_key, index) => {
        const phoneNumber = `${list.prefixAt(country)}${type === 'toll_free' ? 8 : type === 'mobile' ? 7 : 0}${index}00`;
        return {
          sid: phoneNumber,
          friendly_name: phoneNumber,
          phone_number: phoneNumber,
          lata: type === 'local' && country === 0 ? '722' : null,
          locality: type === 'local' ? 'Capital' : null,
          rate_center: type === 'local' && country === 0 ? 'SNFC CNTRL' : null,
          latitude: type === 'local' ? '37.780000' : null,
          longitude: type === 'local' ? '-122.380000' : null,
          region: type === 'local' ? 'CA' : null,
          postal_code: type === 'local' && country === 0 ? '94703' : null,
          iso_country: list.sidAt(country),
          address_requirements: country === 0 ? 'none' : 'any',
          beta: false,
          capabilities: { voice: true, SMS: type !== 'toll_free', MMS: country === 0 },
        };
      });
      return withoutSids(rows);
    },
    filters: [],
  };
}

/** The rows as Twilio lists them, without the SID that names them inside the simulator. */
function withoutSids(rows: SeededRows<AvailablePhoneNumberResource>): RowList {
  return {
    length: rows.length,
    at: (index) => {
      const { sid: _sid, ...row } = rows.at(index);
      return row;
    },
    sidAt: (index) => rows.sidAt(index),
    indexOf: (sid) => rows.indexOf(sid),
  };
}

export const availableLocal = availableNumbers('local');
export const availableMobile = availableNumbers('mobile');
export const availableTollFree = availableNumbers('toll_free');
