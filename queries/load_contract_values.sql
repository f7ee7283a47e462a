-- load_contract_values: insert the enumerations of the contract.
-- grain: one row per enumeration value.
-- params: $domains, $ords, $values (parallel lists)
insert into contract_values
select unnest($domains::varchar[]), unnest($ords::integer[]), unnest($values::varchar[])
