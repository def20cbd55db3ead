trigger AssignAgent on Case(after insert, after update, after delete, after undelete) {
  TimCaseTriggerHandler.handle(Trigger.operationType, Trigger.new, Trigger.oldMap);
}
