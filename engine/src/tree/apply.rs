//! Applying a committed txn to a tree (`DataTree.processTxn`), with the stat rules of D10 and
//! the change list that drives watches (W2).

use std::rc::Rc;

use super::data_tree::DataTree;
use super::error::ErrorCode;
use super::node::{Node, NodeKind};
use super::stat::Stat;
use super::txn::{Change, Reply, Txn, TxnResult};

/// Splits `path` at its last `/` into (parent name, child name) the way `DataTree` does: a
/// top-level node's parent name is `""`, which [`DataTree::node`] aliases to the root.
fn split(path: &str) -> Option<(&str, &str)> {
    path.rfind('/').map(|i| (&path[..i], &path[i + 1..]))
}

/// The parent's name as watch events report it (`""` is reported as `/`).
fn event_parent(parent: &str) -> String {
    if parent.is_empty() {
        "/".to_string()
    } else {
        parent.to_string()
    }
}

impl DataTree {
    /// Applies `txn`, stamped with `zxid`, `time_ms` and the `session` of its header. Every
    /// server applies the same txns in zxid order and ends with equal trees. Failures inside
    /// (which a correct prep never produces) are reported as ZooKeeper reports them and leave
    /// the tree as ZooKeeper would; this function never panics.
    pub fn apply(&mut self, zxid: u64, time_ms: u64, session: u64, txn: &Txn) -> TxnResult {
        let mut changes = Vec::new();
        let reply = self.apply_one(zxid, time_ms, session, txn, &mut changes);
        // As `lastProcessedZxid`: only after the whole txn (a multi counts once).
        self.last_zxid = self.last_zxid.max(zxid);
        TxnResult { reply, changes }
    }

    fn apply_one(
        &mut self,
        zxid: u64,
        time: u64,
        session: u64,
        txn: &Txn,
        changes: &mut Vec<Change>,
    ) -> Reply {
        match txn {
            Txn::Create {
                path,
                data,
                ephemeral_owner,
                parent_cversion,
            } => {
                let r =
                    self.create_node(path, data, *ephemeral_owner, *parent_cversion, zxid, time);
                match r {
                    Ok(stat) => {
                        changes.push(Change::NodeCreated(path.clone()));
                        if let Some((parent, _)) = split(path) {
                            changes.push(Change::NodeChildrenChanged(event_parent(parent)));
                        }
                        Reply::Created {
                            path: path.clone(),
                            stat,
                        }
                    }
                    // Replaying a create over an existing node still moves the parent's
                    // cversion/pzxid forward (processTxn's fuzzy-snapshot fix-up).
                    Err(ErrorCode::NodeExists) => {
                        let parent = split(path).map(|(p, _)| p).unwrap_or("");
                        match self.set_cversion_pzxid(parent, *parent_cversion, zxid) {
                            Ok(()) => Reply::Error(ErrorCode::NodeExists),
                            Err(e) => Reply::Error(e),
                        }
                    }
                    Err(e) => Reply::Error(e),
                }
            }
            Txn::Delete { path } => match self.delete_node(path, zxid, changes) {
                Ok(()) => Reply::Deleted,
                Err(e) => Reply::Error(e),
            },
            Txn::SetData {
                path,
                data,
                version,
            } => match self.set_data(path, data, *version, zxid, time) {
                Ok(stat) => {
                    changes.push(Change::NodeDataChanged(path.clone()));
                    Reply::DataSet { stat }
                }
                Err(e) => Reply::Error(e),
            },
            Txn::Check { .. } => Reply::Checked,
            Txn::CreateSession {
                session_id,
                timeout_ms,
            } => {
                self.sessions.insert(*session_id, *timeout_ms);
                Reply::SessionCreated
            }
            Txn::CloseSession { session_id, paths } => {
                self.kill_session(*session_id, paths, zxid, changes);
                Reply::SessionClosed
            }
            Txn::Error { code } => Reply::Error(*code),
            Txn::Multi(txns) => Reply::Multi(self.apply_multi(zxid, time, session, txns, changes)),
        }
    }

    /// D17: if any sub-txn is an error, nothing is applied and every op reports OK before the
    /// first error and RUNTIMEINCONSISTENCY after it; otherwise the ops apply in order, all
    /// with the multi's zxid.
    fn apply_multi(
        &mut self,
        zxid: u64,
        time: u64,
        session: u64,
        txns: &[Txn],
        changes: &mut Vec<Change>,
    ) -> Vec<Reply> {
        let failed = txns.iter().any(|t| matches!(t, Txn::Error { .. }));
        let mut post_failed = false;
        let mut results = Vec::with_capacity(txns.len());
        for t in txns {
            let r = match t {
                Txn::Error { code } => {
                    post_failed = true;
                    Reply::Error(*code)
                }
                _ if failed && post_failed => Reply::Error(ErrorCode::RuntimeInconsistency),
                _ if failed => Reply::Error(ErrorCode::Ok),
                // Only data ops may sit in a multi ("Invalid type of op").
                Txn::Multi(_) | Txn::CreateSession { .. } | Txn::CloseSession { .. } => {
                    Reply::Error(ErrorCode::MarshallingError)
                }
                _ => self.apply_one(zxid, time, session, t, changes),
            };
            results.push(r);
        }
        results
    }

    /// `DataTree.createNode`: D10's create row. The parent's cversion and pzxid move only if
    /// the txn's `parent_cversion` is larger than the stored one (so a replay cannot move them
    /// back — and, as in ZooKeeper, a create whose counter wrapped to `i32::MIN` leaves them).
    fn create_node(
        &mut self,
        path: &str,
        data: &[u8],
        owner: u64,
        parent_cversion: i32,
        zxid: u64,
        time: u64,
    ) -> Result<Stat, ErrorCode> {
        let (parent_name, child) = split(path).ok_or(ErrorCode::BadArguments)?;
        if self.node(parent_name).is_none() {
            return Err(ErrorCode::NoNode);
        }
        if self.nodes.contains_key(path) {
            return Err(ErrorCode::NodeExists);
        }
        let parent = self.node_mut(parent_name).ok_or(ErrorCode::NoNode)?;
        let new_cversion = if parent_cversion == -1 {
            parent.cversion.wrapping_add(1)
        } else {
            parent_cversion
        };
        if new_cversion > parent.cversion {
            parent.cversion = new_cversion;
            parent.pzxid = zxid;
        }
        parent.children.insert(child.into());
        let node = Node::new(data.to_vec(), zxid, time, owner);
        let stat = node.stat();
        self.nodes.insert(path.into(), Rc::new(node));
        if let NodeKind::Ephemeral(s) = NodeKind::of_owner(owner) {
            self.ephemerals.entry(s).or_default().insert(path);
        }
        self.quota_created(path, data.len()); // D19
        Ok(stat)
    }

    /// `DataTree.deleteNode`: D10's delete row. The parent is updated before the node is looked
    /// up, as in ZooKeeper; its pzxid only moves forward.
    fn delete_node(
        &mut self,
        path: &str,
        zxid: u64,
        changes: &mut Vec<Change>,
    ) -> Result<(), ErrorCode> {
        let (parent_name, child) = split(path).ok_or(ErrorCode::BadArguments)?;
        if path == "/" {
            // The root would lose its own entry; prep refuses this (D3) and so does apply.
            return Err(ErrorCode::BadArguments);
        }
        let parent = self.node_mut(parent_name).ok_or(ErrorCode::NoNode)?;
        parent.children.remove(child);
        if zxid > parent.pzxid {
            parent.pzxid = zxid;
        }
        let node = self.nodes.remove(path).ok_or(ErrorCode::NoNode)?;
        let node = Rc::unwrap_or_clone(node);
        if let Some(prefix) = self.quota_prefix(path) {
            self.quota_add(&prefix, -1, -(node.data.len() as i64)); // D19
        }
        if let NodeKind::Ephemeral(s) = node.kind() {
            if let Some(set) = self.ephemerals.get_mut(&s) {
                set.remove(path);
            }
        }
        changes.push(Change::NodeDeleted(path.to_string()));
        changes.push(Change::NodeChildrenChanged(event_parent(parent_name)));
        Ok(())
    }

    /// `DataTree.setData`: D10's setData row; the txn carries the new version.
    fn set_data(
        &mut self,
        path: &str,
        data: &[u8],
        version: i32,
        zxid: u64,
        time: u64,
    ) -> Result<Stat, ErrorCode> {
        let n = self.node_mut(path).ok_or(ErrorCode::NoNode)?;
        let grown = data.len() as i64 - n.data.len() as i64;
        n.data = data.to_vec();
        n.mtime = time;
        n.mzxid = zxid;
        n.version = version;
        let stat = n.stat();
        if let Some(prefix) = self.quota_prefix(path) {
            self.quota_add(&prefix, 0, grown); // D19
        }
        Ok(stat)
    }

    /// `DataTree.setCversionPzxid`.
    fn set_cversion_pzxid(
        &mut self,
        path: &str,
        cversion: i32,
        zxid: u64,
    ) -> Result<(), ErrorCode> {
        let n = self.node_mut(path).ok_or(ErrorCode::NoNode)?;
        let cversion = if cversion == -1 {
            n.cversion.wrapping_add(1)
        } else {
            cversion
        };
        if cversion > n.cversion {
            n.cversion = cversion;
            n.pzxid = zxid;
        }
        Ok(())
    }

    /// `DataTree.killSession`: delete the txn's paths in order (missing ones are skipped), then
    /// any ephemeral of the session the txn did not list, then forget the session. Every
    /// deletion carries this one zxid (D10).
    fn kill_session(
        &mut self,
        session: u64,
        paths: &[String],
        zxid: u64,
        changes: &mut Vec<Change>,
    ) {
        let local = self.ephemerals.remove(&session);
        for p in paths {
            let _ = self.delete_node(p, zxid, changes);
        }
        if let Some(local) = local {
            let leftovers: Vec<String> = local
                .java_order()
                .into_iter()
                .filter(|p| !paths.contains(p))
                .collect();
            for p in leftovers {
                let _ = self.delete_node(&p, zxid, changes);
            }
        }
        self.sessions.remove(&session);
    }
}
