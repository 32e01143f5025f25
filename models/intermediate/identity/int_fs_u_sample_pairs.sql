{#
    The random record pairs of the u probabilities (how often two different people agree by
    chance): each record is paired with var('u_sample_partners') others, found by consistent
    hashing. Records and targets are points on one hash line (the hash of the record key, and
    of the key with a partner number); a record's partner number k is the first record at or
    after its k-th target. Linear in the number of records, no cross join, deterministic, and
    stable under new data: a new record takes over only the targets just before it (about
    var('u_sample_partners') of them) and brings its own, so an incremental run compares few
    new sample pairs (int_fs_u_sample is memoized).
#}
with

records as (
    select record_key from {{ ref('int_identity_records') }}
    where has_name or birth_date is not null or email_match is not null or phone_match is not null
),

partners as (
    {%- for partner in range(1, var('u_sample_partners') + 1) %}
        select {{ partner }} as partner_number
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

points as (
    select
        {{ dbt.hash('record_key') }} as position
        , 0 as is_target
        , record_key
        , cast(null as {{ dbt.type_string() }}) as record_key_l
    from records
    union all
    select
        {{ dbt.hash(dbt.concat([
            'records.record_key', "'#'", 'cast(partners.partner_number as ' ~ dbt.type_string() ~ ')'
        ])) }} as position
        , 1 as is_target
        , cast(null as {{ dbt.type_string() }}) as record_key
        , records.record_key as record_key_l
    from records
    cross join partners
),

resolved as (
    -- the position of the first record at or after each point (a target sorts before a record
    -- at the same position)
    select
        record_key_l
        , is_target
        , min(case when is_target = 0 then position end) over (
            order by position asc, is_target desc, record_key asc
            rows between current row and unbounded following
        ) as partner_position
    from points
),

record_positions as (
    select
        {{ dbt.hash('record_key') }} as position
        , record_key
    from records
),

final as (
    select distinct
        resolved.record_key_l
        , record_positions.record_key as record_key_r
    from resolved
    inner join record_positions on resolved.partner_position = record_positions.position
    where
        resolved.is_target = 1
        and record_positions.record_key <> resolved.record_key_l
)

select * from final
