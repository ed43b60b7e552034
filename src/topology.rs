//! The pod layout: what the values deploy, and the roles a fresh cluster is formed with (the
//! bootstrap script follows the same rule).

use crate::values::Values;

/// One line on what the values deploy, e.g. `3 masters x 1 replicas = 6 pods`.
pub fn summary(v: &Values) -> String {
    if v.is_sentinel() {
        format!("1 master + {} replicas, a Sentinel beside each = {} pods", v.sentinel.replicas, v.pods())
    } else {
        format!("{} masters x {} replicas = {} pods", v.cluster.masters, v.cluster.replicas_per_master, v.pods())
    }
}

/// The role pod `ordinal` gets when the cluster is first formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Master,
    /// Replica of the master with this ordinal.
    ReplicaOf(u32),
}

/// Pods `0..masters` are masters; pod `p >= masters` replicates master `(p - masters) % masters`,
/// so every master's replicas are on other pods and the layout is the same on every render.
pub fn fresh_role(ordinal: u32, masters: u32) -> Role {
    if ordinal < masters { Role::Master } else { Role::ReplicaOf((ordinal - masters) % masters) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_master_gets_its_replicas_elsewhere() {
        let (masters, replicas) = (3, 2);
        let roles: Vec<Role> = (0..masters * (1 + replicas)).map(|p| fresh_role(p, masters)).collect();
        for m in 0..masters {
            assert_eq!(roles.iter().filter(|r| **r == Role::ReplicaOf(m)).count(), replicas as usize);
        }
        assert_eq!(roles[3], Role::ReplicaOf(0));
        assert_eq!(roles[8], Role::ReplicaOf(2));
    }
}
