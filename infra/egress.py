"""The fixed outbound address: a small VPC (two availability zones) whose private subnets reach the internet
through a NAT gateway with an Elastic IP in each zone, and in it one small function, `<stack>-wechat-egress`
(chalicelib/egress.py), that fetches WeChat access tokens. WeChat's token call answers 40164 unless the caller's
IP is on the app's whitelist; every other function stays outside the VPC and invokes this one for tokens.
The Elastic IPs are the stack's outputs `EgressIp1`, `EgressIp2`: both go on every app's whitelist (docs/deploy.md).

Its role reads the chains' secrets (`/appt/<stage>/chains/*`) and nothing else; it may open network interfaces
in the VPC (what Lambda needs to run there). Its security group allows HTTPS out only."""
from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from .stages import Stage

EGRESS_AZS = 2  # one NAT gateway and one Elastic IP in each: a zone's outage leaves the other's address working
HANDLER = "chalicelib.egress.handler"


@dataclass
class Egress:
    function: lambda_.Function
    vpc: ec2.Vpc
    addresses: list[ec2.CfnEIP]


def chains_path(stage: Stage) -> str:
    """Where each chain's secrets live: the one path the functions may write, and all the egress may read."""
    return f"{stage.parameter_path}/chains"


def create_egress(scope: Construct, stage: Stage, code: lambda_.Code, runtime: lambda_.Runtime,
                  log_group: logs.LogGroup, retention: logs.RetentionDays,
                  architecture: lambda_.Architecture) -> Egress:
    stack = Stack.of(scope)
    vpc = ec2.Vpc(scope, "EgressVpc", max_azs=EGRESS_AZS, nat_gateways=EGRESS_AZS,
                  ip_addresses=ec2.IpAddresses.cidr("10.80.0.0/24"),
                  subnet_configuration=[
                      ec2.SubnetConfiguration(name="nat", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=28),
                      ec2.SubnetConfiguration(name="egress", subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS,
                                              cidr_mask=28)])
    flow_logs = logs.LogGroup(scope, "EgressFlowLogs", retention=retention)
    vpc.add_flow_log("EgressFlowLog", destination=ec2.FlowLogDestination.to_cloud_watch_logs(flow_logs))
    group = ec2.SecurityGroup(scope, "EgressGroup", vpc=vpc, allow_all_outbound=False,
                              description="the WeChat egress function: HTTPS out only")
    group.add_egress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(443), "WeChat and SSM over HTTPS")
    role = iam.Role(scope, "EgressRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                    description=f"appt {stage.name}: WeChat token fetches from the fixed address")
    role.add_to_policy(iam.PolicyStatement(
        actions=["ssm:GetParameter"],
        resources=[stack.format_arn(service="ssm", resource="parameter",
                                    resource_name=f"{chains_path(stage).lstrip('/')}/*")]))
    role.add_to_policy(iam.PolicyStatement(  # what Lambda needs to place the function in the VPC
        actions=["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                 "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
        resources=["*"]))
    role.add_to_policy(iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                                           resources=[log_group.log_group_arn, f"{log_group.log_group_arn}:*"]))
    function = lambda_.Function(
        scope, "Fn-wechat-egress", function_name=f"{stage.stack_name}-wechat-egress", runtime=runtime,
        architecture=architecture, handler=HANDLER, code=code, role=role, timeout=Duration.seconds(10), memory_size=256,
        environment={"STAGE": stage.name}, log_group=log_group, vpc=vpc, security_groups=[group],
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS))
    addresses = [subnet.node.find_child("EIP") for subnet in vpc.public_subnets]
    for i, eip in enumerate(addresses, start=1):
        CfnOutput(scope, f"EgressIp{i}", value=eip.ref,  # Ref of an EIP is its address
                  description="put on each WeChat app's IP whitelist (and WeCom's trusted IPs)")
    return Egress(function, vpc, addresses)  # type: ignore[arg-type]
