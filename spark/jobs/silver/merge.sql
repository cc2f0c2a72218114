-- Applies one run's latest versions (view silver_changes: the table's columns plus _op) to a
-- silver table. A version replaces the row only when it is newer by (_lsn, _seq), so reading a
-- range twice, or the whole raw table after an expiry, changes nothing that is already applied.
MERGE INTO {target} t
USING silver_changes s
ON {on}
WHEN MATCHED AND s._op = 'delete'
  AND (s._lsn > t._lsn OR (s._lsn = t._lsn AND s._seq >= t._seq)) THEN DELETE
WHEN MATCHED AND s._op <> 'delete'
  AND (s._lsn > t._lsn OR (s._lsn = t._lsn AND s._seq > t._seq)) THEN UPDATE SET {assignments}
WHEN NOT MATCHED AND s._op <> 'delete' THEN INSERT ({columns}) VALUES ({values})
