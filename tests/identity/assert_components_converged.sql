-- Connected components converged: no accepted edge joins two different clusters.
-- Fails when var('connected_components_iterations') was too small for the data.
select
    decisions.record_key_l
    , decisions.record_key_r
    , l.cluster_key as cluster_key_l
    , r.cluster_key as cluster_key_r
from {{ ref('int_match_decisions') }} as decisions
inner join {{ ref('int_identity_clusters') }} as l on decisions.record_key_l = l.record_key
inner join {{ ref('int_identity_clusters') }} as r on decisions.record_key_r = r.record_key
where decisions.is_accepted and l.cluster_key <> r.cluster_key
