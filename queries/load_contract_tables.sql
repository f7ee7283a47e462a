-- load_contract_tables: tables that hold the data contract, filled from caregap.contract.
-- grain: contract_values one row per enumeration value; contract_fields one row per file and field.
-- params: none
create table contract_values (
    domain varchar not null,
    ord integer not null,
    value varchar not null
);

create table contract_fields (
    file varchar not null,
    field varchar not null,
    kind varchar not null,
    required boolean not null,
    allowed varchar[] not null,
    min_value double,
    max_value double,
    exclusive_min boolean not null,
    is_unique boolean not null,
    parent_file varchar
);
