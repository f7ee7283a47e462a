-- load_dataset_row: register one dataset and its metadata.
-- grain: one row per dataset.
-- params: $dataset_id, $title, $publisher, $year, $kind, $sample_size, $population, $fieldwork, $synthetic,
--         $source, $source_notes, $weighting, $published_fields, $modelled_fields, $modelled_patterns
insert into datasets by name
select
    $dataset_id as dataset_id,
    $title as title,
    $publisher as publisher,
    $year::integer as year,
    $kind as kind,
    $sample_size::integer as sample_size,
    $population as population,
    $fieldwork as fieldwork,
    $synthetic::boolean as synthetic,
    $source as source,
    $source_notes as source_notes,
    $weighting as weighting,
    $published_fields::varchar[] as published_fields,
    $modelled_fields::varchar[] as modelled_fields,
    $modelled_patterns::varchar[] as modelled_patterns
